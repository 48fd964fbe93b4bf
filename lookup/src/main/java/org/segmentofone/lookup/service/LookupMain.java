package org.segmentofone.lookup.service;

import java.io.File;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/lookup}: parses the arguments, loads the configuration, starts the service and runs
 * until the process is stopped (SIGTERM, Ctrl-C), then closes it. Exit codes: 0 stopped, 1 the
 * service could not start, 2 a usage or configuration error.
 */
public final class LookupMain {
  private static final Logger LOG = LoggerFactory.getLogger(LookupMain.class);
  static final String USAGE =
      """
      Usage: bin/lookup [--conf FILE] [--set key=value]...

      Serves the newest published recommendations of the warehouse over HTTP (docs/lookup.md).

        --conf FILE       config overriding lookup/src/main/resources/reference.conf
                          (bin/lookup uses conf/lookup.conf unless --conf is given)
        --set key=value   one config key, e.g. --set lookup.server.port=9090
        --help            this text

      Environment: SEGMENT_OF_ONE_LOOKUP_API_KEYS (required unless in the config: comma-separated
      API keys, 16+ characters each), SEGMENT_OF_ONE_WAREHOUSE, SEGMENT_OF_ONE_EXPERIMENT_SALT.
      Exit codes: 0 stopped, 1 failed to start, 2 usage or configuration error.
      """;

  private LookupMain() {}

  public static void main(String[] args) throws InterruptedException {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
    File conf = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        out.print(USAGE);
        return 0;
      }
      if ((a.equals("--conf") || a.equals("--set")) && i + 1 == args.length) {
        err.println(a + " needs a value\n\n" + USAGE);
        return 2;
      }
      if (a.equals("--conf")) {
        conf = new File(args[++i]);
      } else if (a.equals("--set") && args[i + 1].contains("=")) {
        String[] kv = args[++i].split("=", 2);
        overrides.put(kv[0].trim(), kv[1]);
      } else {
        err.println("unknown argument '" + a + "'\n\n" + USAGE);
        return 2;
      }
    }
    LookupConfig cfg;
    try {
      cfg = LookupConfig.load(conf, overrides);
    } catch (ConfigException e) {
      err.println("configuration error: " + e.getMessage());
      return 2;
    }
    LOG.info("configuration: {}", cfg);
    LookupService service;
    try {
      service = LookupService.start(cfg, Clock.systemUTC());
    } catch (RuntimeException e) {
      LOG.error("could not start", e);
      err.println("could not start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping");
                  service.close();
                  stopped.countDown();
                },
                "lookup-shutdown"));
    stopped.await();
    return 0;
  }
}
