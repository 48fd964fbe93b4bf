package org.segmentofone.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;
import org.junit.jupiter.api.Test;
import org.segmentofone.TestSpark;

class ForklessLocalFileSystemTest {

  @Test
  void theTestSessionWritesThroughItOnBothHadoopApis() throws Exception {
    Configuration conf = TestSpark.session().sparkContext().hadoopConfiguration();
    assertThat(FileSystem.get(URI.create("file:///"), conf))
        .isInstanceOf(ForklessLocalFileSystem.class);
    assertThat(FileContext.getLocalFSFileContext(conf).getDefaultFileSystem())
        .isInstanceOf(ForklessLocalFileSystem.Context.class);
  }

  @Test
  void permissionsAreSetAsChmodWouldSetThem() throws Exception {
    java.nio.file.Path dir = TestSpark.tempDir("forkless");
    FileSystem fs = new ForklessLocalFileSystem();
    fs.initialize(URI.create("file:///"), new Configuration());
    Path file = new Path(dir.resolve("a.txt").toUri());
    try (FSDataOutputStream out =
        fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
      out.writeBytes("x");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a.txt"))))
        .isEqualTo("rw-r-----");
    fs.setPermission(file, new FsPermission((short) 0754));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a.txt"))))
        .isEqualTo("rwxr-xr--");
    assertThat(fs.getFileStatus(file).getPermission()).isEqualTo(new FsPermission((short) 0754));
  }

  @Test
  void renamesSeeMissingDestinationsAndRefuseExistingOnes() throws Exception {
    java.nio.file.Path dir = TestSpark.tempDir("forkless");
    FileContext fc = FileContext.getLocalFSFileContext(forkless());
    Path tmp = new Path(dir.resolve(".0.json.tmp").toUri());
    Path committed = new Path(dir.resolve("0.json").toUri());
    try (FSDataOutputStream out =
        fc.create(tmp, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
      out.write("{}".getBytes(StandardCharsets.UTF_8));
    }

    fc.rename(tmp, committed, Options.Rename.NONE);

    assertThat(Files.readString(dir.resolve("0.json"))).isEqualTo("{}");
    assertThat(Files.exists(dir.resolve(".0.json.tmp"))).isFalse();
    Files.writeString(dir.resolve("other.json"), "[]");
    assertThatThrownBy(() -> fc.rename(new Path(dir.resolve("other.json").toUri()), committed))
        .as("an existing destination (Delta's commit conflict)")
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThatThrownBy(() -> fc.getFileLinkStatus(new Path(dir.resolve("none").toUri())))
        .isInstanceOf(FileNotFoundException.class);
    assertThat(fc.getFileLinkStatus(committed).isFile()).isTrue();
  }

  @Test
  void aRealSymbolicLinkIsReportedAsHadoopReportsIt() throws Exception {
    java.nio.file.Path dir = TestSpark.tempDir("forkless");
    Files.writeString(dir.resolve("target.json"), "{}");
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("target.json"));
    // Without a scheme: Hadoop's readlink then sees the path itself (with file: it sees nothing).
    Path link = new Path(dir.resolve("link").toString());
    RawLocalFileSystem hadoops = new RawLocalFileSystem();
    hadoops.initialize(URI.create("file:///"), new Configuration());
    FileSystem ours = new ForklessLocalFileSystem();
    ours.initialize(URI.create("file:///"), new Configuration());

    FileStatus expected = hadoops.getFileLinkStatus(link);
    FileStatus actual = ours.getFileLinkStatus(link);

    assertThat(expected.isSymlink()).isTrue();
    assertThat(actual.isSymlink()).isTrue();
    assertThat(actual.getSymlink()).isEqualTo(expected.getSymlink());
  }

  @Test
  void writingAndRenamingStartNoProcessWhereHadoopStartsOne() throws Exception {
    java.nio.file.Path dir = TestSpark.tempDir("forkless");
    Configuration conf = forkless();
    FileSystem ours = FileSystem.get(URI.create("file:///"), conf);
    FileContext fc = FileContext.getLocalFSFileContext(conf);

    long started =
        processesStartedBy(
            () -> {
              ours.mkdirs(new Path(dir.resolve("a/b").toUri()));
              writeAndRename(ours, fc, dir.resolve("a/b"));
              ours.setPermission(
                  new Path(dir.resolve("a/b").toUri()), new FsPermission((short) 0700));
            });

    assertThat(started).as("chmod or readlink processes started").isZero();
    if (!NativeIO.isAvailable()) {
      // The recording does see them: Hadoop's own file system, the same calls.
      Configuration plain = new Configuration();
      plain.set("fs.file.impl.disable.cache", "true");
      FileSystem hadoops = FileSystem.get(URI.create("file:///"), plain);
      FileContext hadoopsFc = FileContext.getLocalFSFileContext(plain);
      Files.createDirectories(dir.resolve("c"));
      assertThat(processesStartedBy(() -> writeAndRename(hadoops, hadoopsFc, dir.resolve("c"))))
          .isPositive();
    }
  }

  private static void writeAndRename(FileSystem fs, FileContext fc, java.nio.file.Path dir)
      throws Exception {
    try (FSDataOutputStream out = fs.create(new Path(dir.resolve("part-0.parquet").toUri()))) {
      out.writeBytes("x");
    }
    Path tmp = new Path(dir.resolve(".1.json.tmp").toUri());
    try (FSDataOutputStream out = fc.create(tmp, EnumSet.of(CreateFlag.CREATE))) {
      out.writeBytes("{}");
    }
    fc.rename(tmp, new Path(dir.resolve("1.json").toUri()), Options.Rename.NONE);
  }

  /** Hadoop settings that install the class on both APIs, outside the JVM's file system cache. */
  private static Configuration forkless() {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl.disable.cache", "true");
    conf.set("fs.file.impl", ForklessLocalFileSystem.class.getName());
    conf.set("fs.AbstractFileSystem.file.impl", ForklessLocalFileSystem.Context.class.getName());
    return conf;
  }

  interface Action {
    void run() throws Exception;
  }

  /** Processes this thread started during the action, from a JFR recording of jdk.ProcessStart. */
  private static long processesStartedBy(Action action) throws Exception {
    java.nio.file.Path file = Files.createTempFile(TestSpark.tempDir("jfr"), "processes", ".jfr");
    long thread = Thread.currentThread().getId();
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ProcessStart");
      recording.start();
      action.run();
      recording.stop();
      recording.dump(file);
    }
    return RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().equals("jdk.ProcessStart"))
        .filter(e -> e.getThread() != null && e.getThread().getJavaThreadId() == thread)
        .count();
  }
}
