package org.okpay.web;

import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.okpay.status.StatusApi;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The incidents of the last 90 days as an Atom feed (RFC 4287), for feed readers: one entry per
 * incident, its content the timeline of updates, updated when the newest update was posted. In
 * English, like the feed's title: one feed URL serves every reader.
 */
@RestController
public class StatusFeedController {

  static final int FEED_DAYS = 90;
  private static final String ATOM = "http://www.w3.org/2005/Atom";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final StatusApi status;
  private final MessageSource messages;

  StatusFeedController(StatusApi status, MessageSource messages) {
    this.status = status;
    this.messages = messages;
  }

  @GetMapping("/status/feed.atom")
  public ResponseEntity<String> feed() throws XMLStreamException {
    List<StatusApi.Incident> incidents = status.recentIncidents(FEED_DAYS);
    String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
    Instant updated = incidents.stream().map(StatusApi.Incident::lastChangedAt)
        .max(Instant::compareTo).orElse(Instant.EPOCH);
    StringWriter out = new StringWriter();
    XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
    xml.writeStartDocument("UTF-8", "1.0");
    xml.writeStartElement("feed");
    xml.writeDefaultNamespace(ATOM);
    element(xml, "title", "OKPay service status");
    element(xml, "id", base + "/status");
    element(xml, "updated", updated.toString());
    link(xml, base + "/status");
    for (StatusApi.Incident i : incidents) {
      xml.writeStartElement("entry");
      element(xml, "title", (i.resolvedAt() == null ? "" : "[resolved] ") + i.title());
      element(xml, "id", "urn:uuid:" + i.id());
      element(xml, "updated", i.lastChangedAt().toString());
      element(xml, "published", i.createdAt().toString());
      link(xml, base + "/status");
      element(xml, "summary", i.impact().key() + ": " + i.message());
      xml.writeStartElement("content");
      xml.writeAttribute("type", "html");
      xml.writeCharacters(timeline(i));
      xml.writeEndElement();
      xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    xml.close();
    return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/atom+xml;charset=UTF-8"))
        .body(out.toString());
  }

  /** The updates, oldest first, as HTML paragraphs (escaped once here, once more by XML). */
  private String timeline(StatusApi.Incident incident) {
    StringBuilder html = new StringBuilder();
    for (StatusApi.IncidentUpdate u : incident.updates()) {
      html.append("<p><strong>")
          .append(HtmlUtils.htmlEscape(messages.getMessage("status.phase." + u.phase().key(),
              null, Locale.ENGLISH)))
          .append("</strong> (").append(TIME.format(u.at())).append(" UTC): ")
          .append(HtmlUtils.htmlEscape(u.message())).append("</p>");
    }
    return html.isEmpty() ? HtmlUtils.htmlEscape(incident.message()) : html.toString();
  }

  private static void element(XMLStreamWriter xml, String name, String text)
      throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeCharacters(text);
    xml.writeEndElement();
  }

  private static void link(XMLStreamWriter xml, String href) throws XMLStreamException {
    xml.writeEmptyElement("link");
    xml.writeAttribute("href", href);
  }
}
