package dev.tessera.imaging.io;

import java.io.IOException;

/** An image that cannot be read: corrupt, truncated or unreadable. The message names the source. */
public class ImageReadException extends IOException {

  private final String source;

  public ImageReadException(String source, String problem) {
    super(source + ": " + problem);
    this.source = source;
  }

  public ImageReadException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
  }

  /** The file or upload the image came from. */
  public String source() {
    return source;
  }
}
