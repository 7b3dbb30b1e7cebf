package org.okpay.shared;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A network fault injector, not a database stand-in: forwards TCP from a loopback port to the
 * real PostgreSQL, and {@link #cut()} closes every connection and refuses new ones until
 * {@link #restore()}, which is what the application sees when its database goes away.
 */
final class TcpCut implements AutoCloseable {

  private static final int BUFFER_BYTES = 16 * 1024;

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean cut;

  TcpCut(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("tcp-cut-accept").start(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  void cut() {
    cut = true;
    open.forEach(TcpCut::closeQuietly);
    open.clear();
  }

  void restore() {
    cut = false;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (cut) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // Closed while accepting (shutdown) or the target refused: the client sees it as well.
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread.ofVirtual().start(() -> {
      byte[] buffer = new byte[BUFFER_BYTES];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // One side went away: close both, as a broken network path would.
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    });
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is all that is asked.
    }
  }

  @Override
  public void close() throws IOException {
    cut();
    server.close();
  }
}
