/**
 * Image files. Reading: TIFF (8/16-bit and 32-bit float grey, multi-page stacks, OME-TIFF and
 * ImageJ pixel sizes and plane indices) and PNG (8/16-bit grey or RGB(A), converted to luminance),
 * each page decoded into little-endian pixels ready for a {@code Frame}. Writing: 16-bit label,
 * 8-bit grey and RGB images as PNG or TIFF. Which names are images, and their natural order.
 * Plain Java, no Kafka.
 */
package dev.tessera.imaging.io;
