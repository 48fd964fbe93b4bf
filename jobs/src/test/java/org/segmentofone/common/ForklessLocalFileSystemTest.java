package org.segmentofone.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
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
  void renamesSeeMissingDestinationsExistingOnesAndLinks() throws Exception {
    java.nio.file.Path dir = TestSpark.tempDir("forkless");
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", ForklessLocalFileSystem.class.getName());
    conf.set("fs.AbstractFileSystem.file.impl", ForklessLocalFileSystem.Context.class.getName());
    FileContext fc = FileContext.getLocalFSFileContext(conf);
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
    // A symbolic link still goes to Hadoop's own code: what it reports is what Hadoop reports.
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("0.json"));
    Path link = new Path(dir.resolve("link").toUri());
    RawLocalFileSystem hadoops = new RawLocalFileSystem();
    hadoops.initialize(URI.create("file:///"), conf);
    FileStatus expected = hadoops.getFileLinkStatus(link);
    FileStatus actual = fc.getFileLinkStatus(link);
    assertThat(actual.isSymlink()).isEqualTo(expected.isSymlink());
    assertThat(actual.getLen()).isEqualTo(expected.getLen());
    assertThat(actual.isFile()).isEqualTo(expected.isFile());
  }
}
