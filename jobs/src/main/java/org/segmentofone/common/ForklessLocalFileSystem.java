package org.segmentofone.common;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:} paths) without the child processes of its write path,
 * for runs on one machine. Without Hadoop's native library (no Maven artifact ships it), {@link
 * RawLocalFileSystem} runs {@code chmod} for every file and folder it creates and {@code readlink}
 * before every rename of Delta's log: one nightly on a 40k-event store started 1,423 such processes
 * (879 and 544, a JFR recording), each a few milliseconds of fork and exec. This one sets
 * permissions and checks links through {@code java.nio}; files, checksums and renames stay Hadoop's
 * own, and so do the rarer calls that still start a process (reading a file's owner or permission,
 * {@code setOwner}, the status of a real symbolic link). {@code conf/local.conf} installs it for
 * both of Hadoop's APIs: {@code FileSystem} (Spark's writers) and {@code FileContext} (Delta's log
 * store):
 *
 * <pre>
 * "spark.hadoop.fs.file.impl" = "org.segmentofone.common.ForklessLocalFileSystem"
 * "spark.hadoop.fs.AbstractFileSystem.file.impl" = "org.segmentofone.common.ForklessLocalFileSystem$Context"
 * </pre>
 *
 * Object stores and HDFS are untouched. Where the JVM's default file system has no POSIX
 * permissions (Windows), and for a sticky bit, permissions are Hadoop's own code.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  public ForklessLocalFileSystem() {
    super(new Raw());
  }

  /** The raw (checksum-less) layer: the two calls that would start a process. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (!POSIX || permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      // Owner, group and other bits: what chmod with Hadoop's octal string sets without a sticky
      // bit (create and mkdirs apply the umask first, which clears it).
      Files.setPosixFilePermissions(
          pathToFile(p).toPath(),
          PosixFilePermissions.fromString(
              permission.getUserAction().SYMBOL
                  + permission.getGroupAction().SYMBOL
                  + permission.getOtherAction().SYMBOL));
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      java.nio.file.Path p = pathToFile(f).toPath();
      if (Files.isSymbolicLink(p)) {
        return super.getFileLinkStatus(f);
      }
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        // Hadoop's own wording; a rename asks this of its destination before every move.
        throw new FileNotFoundException("File " + f + " does not exist");
      }
      return getFileStatus(f);
    }
  }

  /** The {@code FileContext} side, as Hadoop's {@code LocalFs}: checksums over the raw layer. */
  public static final class Context extends ChecksumFs {
    public Context(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawContext(uri, conf));
    }
  }

  /** As Hadoop's {@code RawLocalFs}, delegating to {@link Raw}. */
  static final class RawContext extends DelegateToFileSystem {
    RawContext(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, uri.getScheme(), false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }

    @Override
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }
  }
}
