package org.segmentofone.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1 made of separate JVMs — one Master, N Workers —
 * started from the Maven jars (STACK.md's recipe: a SPARK_HOME whose {@code jars/} holds Spark's
 * runtime jars, {@code SPARK_SCALA_VERSION} set). Every process it starts, executors included, is
 * stopped by PID on {@link #close()}.
 */
final class StandaloneCluster implements AutoCloseable {
  static final String EXECUTOR_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

  /** The collector of every JVM the cluster tests start, as {@code test.gc} in the root pom. */
  static final String GC = "-XX:+UseSerialGC";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final SparkHome home;
  private final int masterPort;
  private final List<Process> daemons = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();

  private StandaloneCluster(SparkHome home, int masterPort) {
    this.home = home;
    this.masterPort = masterPort;
  }

  /** Starts a Master and {@code workers} Workers of {@code cores} cores each; waits for both. */
  static StandaloneCluster start(SparkHome home, int workers, int cores, String workerMemory) {
    StandaloneCluster cluster = new StandaloneCluster(home, freePort());
    try {
      Path masterLog = home.root().resolve("logs/master.log");
      cluster.daemons.add(
          home.java(
              List.of("-Xmx256m", GC),
              "org.apache.spark.deploy.master.Master",
              List.of(
                  "--host",
                  "127.0.0.1",
                  "--port",
                  String.valueOf(cluster.masterPort),
                  "--webui-port",
                  String.valueOf(freePort())),
              masterLog));
      awaitLine(masterLog, "I have been elected leader", cluster.daemons.get(0));
      for (int i = 0; i < workers; i++) {
        Path log = home.root().resolve("logs/worker-" + i + ".log");
        Path workDir = Files.createDirectories(home.root().resolve("work-" + i));
        Process worker =
            home.java(
                List.of("-Xmx256m", GC),
                "org.apache.spark.deploy.worker.Worker",
                List.of(
                    "--host",
                    "127.0.0.1",
                    "--cores",
                    String.valueOf(cores),
                    "--memory",
                    workerMemory,
                    "--webui-port",
                    String.valueOf(freePort()),
                    "--work-dir",
                    workDir.toString(),
                    cluster.masterUrl()),
                log);
        cluster.daemons.add(worker);
        cluster.workers.add(worker);
        awaitLine(log, "Successfully registered with master", worker);
      }
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The executor JVMs the Workers launched that are alive now. */
  List<ProcessHandle> executors() {
    return workers.stream()
        .flatMap(w -> w.toHandle().descendants())
        .filter(ProcessHandle::isAlive)
        .filter(p -> commandLine(p).contains(EXECUTOR_CLASS))
        .toList();
  }

  /** Every executor JVM ever seen by {@link #executors()} callers is a Worker's child: by PID. */
  static String commandLine(ProcessHandle p) {
    Optional<String> line = p.info().commandLine();
    if (line.isPresent()) {
      return line.get();
    }
    // ProcessHandle may not expose the arguments; /proc has them on Linux.
    try {
      return Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cmdline"))
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> all = new ArrayList<>();
    for (Process p : daemons) {
      p.toHandle().descendants().forEach(all::add);
      all.add(p.toHandle());
    }
    all.forEach(ProcessHandle::destroy);
    Instant deadline = Instant.now().plusSeconds(15);
    for (ProcessHandle p : all) {
      try {
        p.onExit()
            .get(
                Math.max(1, Duration.between(Instant.now(), deadline).toMillis()),
                java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
  }

  /** Waits until a process's log holds a line, failing early (with the log) if it exits. */
  static void awaitLine(Path log, String text, Process process) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(log) && read(log).contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "process exited (" + process.exitValue() + ") before '" + text + "':\n" + tail(log));
      }
      sleep(200);
    }
    throw new IllegalStateException(
        "no '" + text + "' within " + START_TIMEOUT + ":\n" + tail(log));
  }

  static String tail(Path log) {
    String s = Files.exists(log) ? read(log) : "(no log)";
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The SPARK_HOME folder: {@code jars/} (links to Spark's Maven jars) and {@code conf/}. */
  record SparkHome(Path root, List<String> jvmFlags) {
    /**
     * Links Spark's runtime jars — the launcher classpath minus what the spark-submit jar bundles
     * (Delta, our config and chart libraries) — into {@code root/jars}, as a distribution has them.
     */
    static SparkHome create(Path root, List<Path> classpath, List<String> jvmFlags) {
      try {
        Path jars = Files.createDirectories(root.resolve("jars"));
        Files.createDirectories(root.resolve("logs"));
        for (Path jar : classpath) {
          if (jar.toString().endsWith(".jar") && !bundledInJobJar(jar)) {
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link)) {
              Files.createSymbolicLink(link, jar.toAbsolutePath());
            }
          }
        }
        Path conf = Files.createDirectories(root.resolve("conf"));
        Files.writeString(
            conf.resolve("log4j2.properties"),
            String.join(
                "\n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.stderr.ref = console",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.target = SYSTEM_ERR",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
                // The lines the cluster's start-up is awaited on.
                "logger.master.name = org.apache.spark.deploy.master.Master",
                "logger.master.level = info",
                "logger.worker.name = org.apache.spark.deploy.worker.Worker",
                "logger.worker.level = info",
                "logger.launcher.name = org.segmentofone",
                "logger.launcher.level = info",
                ""));
        return new SparkHome(root, jvmFlags);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static boolean bundledInJobJar(Path jar) {
      String p = jar.toString().replace('\\', '/');
      return Stream.of(
              "/io/delta/",
              "/io/unitycatalog/",
              "/com/typesafe/config/",
              "/org/jfree/",
              "/jackson-datatype-jdk8/",
              "/org/segmentofone/")
          .anyMatch(p::contains);
    }

    String classpath() {
      return root.resolve("conf") + java.io.File.pathSeparator + root.resolve("jars") + "/*";
    }

    Map<String, String> environment() {
      return Map.of(
          "SPARK_HOME",
          root.toString(),
          "SPARK_SCALA_VERSION",
          "2.13",
          "SPARK_LOCAL_IP",
          "127.0.0.1",
          "SPARK_CONF_DIR",
          root.resolve("conf").toString());
    }

    /** Starts {@code java [flags] -cp conf:jars/* mainClass args}, output to {@code log}. */
    Process java(List<String> jvmOptions, String mainClass, List<String> args, Path log) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(jvmOptions);
      cmd.addAll(jvmFlags);
      cmd.add("-cp");
      cmd.add(classpath());
      cmd.add(mainClass);
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      pb.environment().putAll(environment());
      try {
        return pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
