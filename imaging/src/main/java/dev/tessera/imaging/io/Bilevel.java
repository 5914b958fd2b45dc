package dev.tessera.imaging.io;

/** What {@link ImageStack} makes of a 1-bit (bilevel) image. */
public enum Bilevel {
  /**
   * Refused, as frames are: a microscope does not acquire one bit per pixel, so a bilevel file in
   * an acquisition is a mask that landed in the wrong place.
   */
  REFUSE,
  /**
   * Read as the UINT8 luminance of its two colours, black 0 and white 255, as a 2- or 4-bit grey
   * image is stretched to 8 bits: label masks, where "foreground = 255" then means the same in a
   * 1-bit file as in an 8-bit one.
   */
  AS_0_AND_255
}
