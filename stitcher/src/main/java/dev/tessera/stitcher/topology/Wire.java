package dev.tessera.stitcher.topology;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary layout of the stitcher's own state and internal records: big-endian fixed-width
 * numbers and length-prefixed UTF-8 strings and byte arrays. Small, versioned by a leading byte
 * in each format, and private to the stitcher (never on a public topic).
 */
final class Wire {

  private Wire() {}

  /** Writes values in order. */
  static final class Writer {
    private final ByteArrayOutputStream bytes;
    private final DataOutputStream out;

    Writer(int expectedSize) {
      bytes = new ByteArrayOutputStream(expectedSize);
      out = new DataOutputStream(bytes);
    }

    Writer writeByte(int v) {
      return run(() -> out.writeByte(v));
    }

    Writer writeBoolean(boolean v) {
      return run(() -> out.writeBoolean(v));
    }

    Writer writeInt(int v) {
      return run(() -> out.writeInt(v));
    }

    Writer writeLong(long v) {
      return run(() -> out.writeLong(v));
    }

    Writer writeString(String s) {
      return writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    Writer writeBytes(byte[] b) {
      return run(() -> {
        out.writeInt(b.length);
        out.write(b);
      });
    }

    byte[] toByteArray() {
      return bytes.toByteArray();
    }

    private Writer run(IoAction action) {
      try {
        action.run();
        return this;
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
      }
    }

    private interface IoAction {
      void run() throws IOException;
    }
  }

  /** Reads values in the order they were written. */
  static final class Reader {
    private final ByteBuffer in;

    Reader(byte[] bytes) {
      in = ByteBuffer.wrap(bytes);
    }

    int readByte() {
      return in.get();
    }

    boolean readBoolean() {
      return in.get() != 0;
    }

    int readInt() {
      return in.getInt();
    }

    long readLong() {
      return in.getLong();
    }

    String readString() {
      return new String(readBytes(), StandardCharsets.UTF_8);
    }

    byte[] readBytes() {
      byte[] b = new byte[in.getInt()];
      in.get(b);
      return b;
    }
  }
}
