package org.segmentofone.lookup.store;

/**
 * A list row's {@code source} and {@code reason} as one dictionary entry, {@code source NUL reason}
 * (no NUL when the reason is null): the pairs repeat (a few sources, reasons such as {@code
 * viewed:<product>}), so one code of three bytes a row stands for both.
 */
public final class Labels {
  private static final byte SEPARATOR = 0;

  private Labels() {}

  static byte[] encode(byte[] source, byte[] reason) {
    if (reason == null) {
      return source;
    }
    byte[] label = new byte[source.length + 1 + reason.length];
    System.arraycopy(source, 0, label, 0, source.length);
    label[source.length] = SEPARATOR;
    System.arraycopy(reason, 0, label, source.length + 1, reason.length);
    return label;
  }

  /** Bytes of the source part of label {@code code} (the whole entry when it has no reason). */
  public static int sourceLength(Utf8Dictionary labels, int code) {
    byte[] blob = labels.blob();
    int from = labels.start(code);
    int length = labels.length(code);
    for (int i = 0; i < length; i++) {
      if (blob[from + i] == SEPARATOR) {
        return i;
      }
    }
    return length;
  }
}
