package org.segmentofone.importer;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a realistic Segment S3 export for tests: gzipped JSON lines, one file per day, for
 * shoppers who browse anonymously on one or two devices, sometimes log in (identify with email),
 * add to cart and complete orders with a products array; plus page calls the importer skips.
 * Shoppers prefer one category, so recommendations have something to learn.
 */
final class SegmentExportWriter {
  static final int CATEGORIES = 6;
  static final int PRODUCTS_PER_CATEGORY = 12;

  private SegmentExportWriter() {}

  /** Writes {@code days} files ending at {@code end}; returns the number of calls written. */
  static long write(Path dir, int customers, int days, LocalDate end, long seed) {
    Random rnd = new Random(seed);
    List<List<String>> byDay = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      byDay.add(new ArrayList<>());
    }
    long[] msg = {0};
    for (int c = 0; c < customers; c++) {
      int category = c % CATEGORIES;
      String userId = "cust-" + c;
      String email = "Shopper." + c + "@Example.com";
      int devices = 1 + rnd.nextInt(2);
      int sessions = 3 + rnd.nextInt(6);
      for (int s = 0; s < sessions; s++) {
        int day = rnd.nextInt(days);
        String anon = "anon-" + c + "-" + rnd.nextInt(devices);
        String device = anon.endsWith("-0") ? "ios" : "desktop";
        String session = "sess-" + c + "-" + s;
        Instant t =
            end.minusDays(days - 1L - day)
                .atTime(8 + rnd.nextInt(12), rnd.nextInt(60))
                .toInstant(ZoneOffset.UTC);
        List<String> out = byDay.get(day);
        boolean login = rnd.nextDouble() < 0.6;
        if (login) {
          out.add(
              "{\"type\":\"identify\",\"messageId\":\"m-%d\",\"anonymousId\":\"%s\",\"userId\":\"%s\",\"traits\":{\"email\":\"%s\"},\"context\":{\"device\":{\"type\":\"%s\"}},\"timestamp\":\"%s\"}"
                  .formatted(++msg[0], anon, userId, email, device, t));
        }
        String user = login ? "\"" + userId + "\"" : "null";
        out.add(
            "{\"type\":\"page\",\"name\":\"Home\",\"messageId\":\"m-%d\",\"anonymousId\":\"%s\",\"timestamp\":\"%s\"}"
                .formatted(++msg[0], anon, t));
        List<Integer> viewed = new ArrayList<>();
        int views = 2 + rnd.nextInt(5);
        for (int v = 0; v < views; v++) {
          int cat = rnd.nextDouble() < 0.85 ? category : rnd.nextInt(CATEGORIES);
          int p = cat * PRODUCTS_PER_CATEGORY + popular(rnd);
          viewed.add(p);
          t = t.plusSeconds(30 + rnd.nextInt(120));
          out.add(
              "{\"type\":\"track\",\"event\":\"Product Viewed\",\"messageId\":\"m-%d\",\"anonymousId\":\"%s\",\"userId\":%s,\"properties\":{\"product_id\":\"sku-%d\",\"name\":\"Product %d\",\"category\":\"Dept %d/Shelf %d\",\"brand\":\"Brand %d\",\"price\":%d.99,\"currency\":\"EUR\"},\"context\":{\"device\":{\"type\":\"%s\"},\"sessionId\":\"%s\"},\"timestamp\":\"%s\"}"
                  .formatted(
                      ++msg[0],
                      anon,
                      user,
                      p,
                      p,
                      cat,
                      p % 3,
                      p % 5,
                      5 + p % 40,
                      device,
                      session,
                      t));
        }
        if (rnd.nextDouble() < 0.5) {
          int p = viewed.get(rnd.nextInt(viewed.size()));
          t = t.plusSeconds(60);
          out.add(
              "{\"type\":\"track\",\"event\":\"Product Added\",\"messageId\":\"m-%d\",\"anonymousId\":\"%s\",\"userId\":%s,\"properties\":{\"product_id\":\"sku-%d\",\"price\":\"%d.99\",\"quantity\":1},\"context\":{\"device\":{\"type\":\"%s\"},\"sessionId\":\"%s\"},\"timestamp\":\"%s\"}"
                  .formatted(++msg[0], anon, user, p, 5 + p % 40, device, session, t));
          if (rnd.nextDouble() < 0.6) {
            int q = viewed.get(rnd.nextInt(viewed.size()));
            t = t.plusSeconds(120);
            String emailCtx = login ? "" : ",\"traits\":{\"email\":\"" + email + "\"}";
            out.add(
                "{\"type\":\"track\",\"event\":\"Order Completed\",\"messageId\":\"m-%d\",\"anonymousId\":\"%s\",\"userId\":%s,\"properties\":{\"order_id\":\"o-%d\",\"currency\":\"EUR\",\"products\":[{\"product_id\":\"sku-%d\",\"price\":%d.99,\"quantity\":1},{\"product_id\":\"sku-%d\",\"price\":%d.99,\"quantity\":1}]},\"context\":{\"device\":{\"type\":\"%s\"}%s},\"timestamp\":\"%s\"}"
                    .formatted(
                        ++msg[0],
                        anon,
                        user,
                        msg[0],
                        p,
                        5 + p % 40,
                        q,
                        5 + q % 40,
                        device,
                        emailCtx,
                        t));
          }
        }
      }
    }
    for (int d = 0; d < days; d++) {
      Path file = dir.resolve("segment-" + end.minusDays(days - 1L - d) + ".json.gz");
      try {
        Files.createDirectories(dir);
        try (Writer w =
            new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8)) {
          for (String line : byDay.get(d)) {
            w.write(line);
            w.write('\n');
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return msg[0];
  }

  /** A product index within a category, skewed towards the first (popular) ones. */
  private static int popular(Random rnd) {
    double u = rnd.nextDouble();
    return (int) Math.min(PRODUCTS_PER_CATEGORY - 1, Math.floor(u * u * PRODUCTS_PER_CATEGORY));
  }
}
