package org.segmentofone.lookup.service;

import java.time.Clock;
import java.time.Duration;
import org.segmentofone.lookup.store.Snapshot;
import org.segmentofone.lookup.store.SnapshotLoader;

/**
 * The running service: the HTTP server and the reloader that keeps its snapshot current. It listens
 * at once; the API answers 503 until the first snapshot is loaded.
 */
public final class LookupService implements AutoCloseable {
  private final Reloader reloader;
  private final HttpServer server;

  private LookupService(Reloader reloader, HttpServer server) {
    this.reloader = reloader;
    this.server = server;
  }

  public static LookupService start(LookupConfig cfg, Clock clock) throws InterruptedException {
    Reloader reloader =
        new Reloader(new SnapshotLoader(cfg.warehouse(), clock), cfg.reload(), clock);
    Metrics metrics = new Metrics(clock);
    Router router =
        new Router(cfg, reloader, metrics, new HealthEndpoint(cfg.maxSnapshotAge(), clock));
    HttpServer server =
        new HttpServer(cfg.server(), new HttpHandler(router, metrics, cfg.security().header()));
    reloader.start();
    return new LookupService(reloader, server);
  }

  public int port() {
    return server.port();
  }

  /** The snapshot served now (null before the first load). */
  public Snapshot snapshot() {
    return reloader.current();
  }

  /** Waits until a snapshot is served; false when {@code timeout} passed first. */
  public boolean awaitSnapshot(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (reloader.current() == null) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  @Override
  public void close() {
    reloader.close();
    server.close();
  }
}
