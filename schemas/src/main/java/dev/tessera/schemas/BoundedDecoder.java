package dev.tessera.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro decoder over one record's bytes that refuses any length or item count larger than the
 * record itself before anything is allocated. Avro allocates a string, bytes or array of the length
 * its prefix announces (its own limit is 2^31 and JVM-wide), so a 20-byte poison record with a huge
 * prefix would otherwise cost gigabytes of heap and crash every stage that reads it. A well-formed
 * record never declares more bytes, or more items (each at least one byte here), than it holds.
 */
final class BoundedDecoder extends Decoder {

  private final BinaryDecoder in;
  private final long bound;

  /** Decodes {@code length} bytes of {@code data} from {@code offset}. */
  BoundedDecoder(BinaryDecoder in, long bound) {
    this.in = in;
    this.bound = bound;
  }

  private int checked(long length, String what) {
    if (length < 0 || length > bound) {
      throw new AvroRuntimeException("a " + what + " of " + length + (what.equals("collection") ? " items" : " bytes")
          + " cannot be in a record of " + bound + " bytes: the body is corrupt");
    }
    return (int) length;
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = checked(in.readLong(), "string");
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    if (length > 0) {
      in.readFixed(result.getBytes(), 0, length);
    }
    return result;
  }

  @Override
  public String readString() throws IOException {
    return readString(null).toString();
  }

  @Override
  public void skipString() throws IOException {
    in.skipFixed(checked(in.readLong(), "string"));
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int length = checked(in.readLong(), "bytes field");
    ByteBuffer result = old != null && length <= old.capacity() ? old.clear() : ByteBuffer.allocate(length);
    in.readFixed(result.array(), result.position(), length);
    result.limit(length);
    return result;
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipFixed(checked(in.readLong(), "bytes field"));
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public long readArrayStart() throws IOException {
    return checked(in.readArrayStart(), "collection");
  }

  @Override
  public long arrayNext() throws IOException {
    return checked(in.arrayNext(), "collection");
  }

  @Override
  public long skipArray() throws IOException {
    return in.skipArray();
  }

  @Override
  public long readMapStart() throws IOException {
    return checked(in.readMapStart(), "collection");
  }

  @Override
  public long mapNext() throws IOException {
    return checked(in.mapNext(), "collection");
  }

  @Override
  public long skipMap() throws IOException {
    return in.skipMap();
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}
