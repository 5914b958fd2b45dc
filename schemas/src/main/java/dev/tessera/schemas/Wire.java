package dev.tessera.schemas;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary layout of the Streams stages' own state and internal records (stitcher, tracker):
 * big-endian fixed-width numbers and length-prefixed UTF-8 strings and byte arrays. Small,
 * versioned by a leading byte in each format, and private to the stage that writes it (never on a
 * public topic: those carry Avro records).
 */
public final class Wire {

  private Wire() {}

  /** Writes values in order. */
  public static final class Writer {
    private final ByteArrayOutputStream bytes;
    private final DataOutputStream out;

    public Writer(int expectedSize) {
      bytes = new ByteArrayOutputStream(expectedSize);
      out = new DataOutputStream(bytes);
    }

    public Writer writeByte(int v) {
      return run(() -> out.writeByte(v));
    }

    public Writer writeBoolean(boolean v) {
      return run(() -> out.writeBoolean(v));
    }

    public Writer writeInt(int v) {
      return run(() -> out.writeInt(v));
    }

    public Writer writeLong(long v) {
      return run(() -> out.writeLong(v));
    }

    public Writer writeString(String s) {
      return writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public Writer writeBytes(byte[] b) {
      return run(() -> {
        out.writeInt(b.length);
        out.write(b);
      });
    }

    public byte[] toByteArray() {
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
  public static final class Reader {
    private final ByteBuffer in;

    public Reader(byte[] bytes) {
      in = ByteBuffer.wrap(bytes);
    }

    public int readByte() {
      return in.get();
    }

    public boolean readBoolean() {
      return in.get() != 0;
    }

    public int readInt() {
      return in.getInt();
    }

    public long readLong() {
      return in.getLong();
    }

    public String readString() {
      return new String(readBytes(), StandardCharsets.UTF_8);
    }

    public byte[] readBytes() {
      byte[] b = new byte[in.getInt()];
      in.get(b);
      return b;
    }
  }
}
