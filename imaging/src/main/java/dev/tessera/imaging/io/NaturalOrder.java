package dev.tessera.imaging.io;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * The order a person numbering files expects: runs of digits compare as numbers, so
 * {@code t2.tif} comes before {@code t10.tif}; names that only differ in leading zeros
 * ({@code t002}, {@code t2}) break the tie on the plain name, so the order is total and a sort
 * never depends on the order a directory listing happened to give. The folder watcher publishes
 * files in this order; the trainer lists data folders in it.
 */
public final class NaturalOrder {

  /** Compares names in natural order. */
  public static final Comparator<String> COMPARATOR = NaturalOrder::compare;

  private NaturalOrder() {}

  private static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int ei = digitsEnd(a, i);
        int ej = digitsEnd(b, j);
        int cmp = new BigInteger(a.substring(i, ei)).compareTo(new BigInteger(b.substring(j, ej)));
        if (cmp != 0) {
          return cmp;
        }
        i = ei;
        j = ej;
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    int byLength = Integer.compare(a.length() - i, b.length() - j);
    return byLength != 0 ? byLength : a.compareTo(b);
  }

  private static int digitsEnd(String s, int from) {
    int end = from;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    return end;
  }
}
