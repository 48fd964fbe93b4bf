package org.segmentofone.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The service runs without Spark: the runtime classpath the build writes (and bin/lookup runs with)
 * holds no Spark or Scala artifact, and no jar on it holds Spark's or Scala's classes.
 */
class RuntimeClasspathTest {
  private static final Path CLASSPATH = Path.of("target", "launcher", "classpath");

  @Test
  void theRuntimeClasspathHasKernelAndNettyButNoSparkOrScala() throws IOException {
    List<String> jars = jars();
    List<String> names = jars.stream().map(j -> new File(j).getName()).toList();

    assertThat(names)
        .anyMatch(n -> n.startsWith("delta-kernel-api-"))
        .anyMatch(n -> n.startsWith("delta-kernel-defaults-"))
        .anyMatch(n -> n.startsWith("netty-codec-http-"))
        .anyMatch(n -> n.startsWith("hadoop-client-api-"));
    assertThat(names)
        .noneMatch(n -> n.startsWith("spark-"))
        .noneMatch(n -> n.startsWith("delta-spark"))
        .noneMatch(n -> n.startsWith("scala-"));
  }

  @Test
  void noJarOnTheRuntimeClasspathCarriesSparkOrScalaClasses() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (String jar : jars()) {
      try (ZipFile zip = new ZipFile(jar)) {
        zip.stream()
            .map(e -> e.getName())
            .filter(RuntimeClasspathTest::sparkOrScalaClass)
            .findFirst()
            .ifPresent(n -> offenders.add(jar + " holds " + n));
      }
    }
    assertThat(offenders).isEmpty();
  }

  /**
   * A class of Spark or of the Scala library. Delta's storage jar (Kernel's file-system layer)
   * keeps one class of its own under {@code org/apache/spark/sql/delta/}: that is Delta, not Spark.
   */
  private static boolean sparkOrScalaClass(String entry) {
    return entry.endsWith(".class")
        && ((entry.startsWith("org/apache/spark/")
                && !entry.startsWith("org/apache/spark/sql/delta/"))
            || entry.startsWith("scala/"));
  }

  private static List<String> jars() throws IOException {
    assertThat(CLASSPATH)
        .as("written by maven-dependency-plugin (launcher-classpath) before the tests")
        .isRegularFile();
    List<String> jars =
        List.of(Files.readString(CLASSPATH).trim().split(File.pathSeparator)).stream()
            .filter(s -> !s.isBlank())
            .toList();
    assertThat(jars).hasSizeGreaterThan(10).allMatch(j -> new File(j).isFile());
    return jars;
  }
}
