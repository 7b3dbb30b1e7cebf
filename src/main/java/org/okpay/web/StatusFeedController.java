package org.okpay.web;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.okpay.status.StatusApi;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The incidents of the last 90 days as an Atom feed (RFC 4287), for feed readers. */
@RestController
public class StatusFeedController {

  static final int FEED_DAYS = 90;
  private static final String ATOM = "http://www.w3.org/2005/Atom";

  private final StatusApi status;

  StatusFeedController(StatusApi status) {
    this.status = status;
  }

  @GetMapping("/status/feed.atom")
  public ResponseEntity<String> feed() throws XMLStreamException {
    List<StatusApi.Incident> incidents = status.recentIncidents(FEED_DAYS);
    String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
    Instant updated = incidents.stream().map(i -> i.resolvedAt() != null ? i.resolvedAt()
        : i.createdAt()).max(Instant::compareTo).orElse(Instant.EPOCH);
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
      element(xml, "updated", (i.resolvedAt() != null ? i.resolvedAt() : i.createdAt()).toString());
      element(xml, "published", i.createdAt().toString());
      link(xml, base + "/status");
      element(xml, "summary", i.impact().key() + ": " + i.message());
      xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    xml.close();
    return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/atom+xml;charset=UTF-8"))
        .body(out.toString());
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
