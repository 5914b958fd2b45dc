package dev.tessera.ingest.upload;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One upload: {@code POST /acquisitions/{id}/frames}.
 *
 * @param acquisitionId the path's {@code id}
 * @param contentType the Content-Type header, null when absent
 * @param headers request headers (names case-insensitive)
 * @param body the request body
 */
public record UploadRequest(String acquisitionId, String contentType, Map<String, String> headers, byte[] body) {

  /** Raw pixels: width in pixels. */
  public static final String WIDTH = "X-Width";
  /** Raw pixels: height in rows. */
  public static final String HEIGHT = "X-Height";
  /** Raw pixels: {@code uint8}, {@code uint16} or {@code float32} (case-insensitive). */
  public static final String PIXEL_TYPE = "X-Pixel-Type";
  /** Optional: the (first) frame's index; otherwise the acquisition's counter gives it. */
  public static final String FRAME_INDEX = "X-Frame-Index";
  /** Optional: capture time, ISO-8601 ({@code 2026-05-01T10:15:30.250Z}); otherwise the time of arrival. */
  public static final String CAPTURED_AT = "X-Captured-At";
  /** Optional, raw pixels only: the pixel width in micrometres. */
  public static final String PIXEL_SIZE = "X-Pixel-Size-Microns";
  /** Optional: a file name recorded in the frames' {@code source.file} attribute. */
  public static final String FILE_NAME = "X-File-Name";

  public UploadRequest {
    TreeMap<String, String> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    caseless.putAll(headers);
    headers = caseless;
    body = body == null ? new byte[0] : body;
  }

  /** A header's value, stripped, or empty when absent or blank. */
  public Optional<String> header(String name) {
    String value = headers.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /** The media type without parameters, lower case ({@code image/tiff}), or empty. */
  public Optional<String> mediaType() {
    if (contentType == null || contentType.isBlank()) {
      return Optional.empty();
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return Optional.of(type.strip().toLowerCase(Locale.ROOT));
  }
}
