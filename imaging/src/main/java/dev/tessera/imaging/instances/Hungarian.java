package dev.tessera.imaging.instances;

import java.util.Arrays;

/**
 * Optimal one-to-one assignment (Kuhn-Munkres with potentials, O(n^2 m)) on a rectangular score
 * matrix, maximising the total score.
 */
public final class Hungarian {

  private Hungarian() {}

  /**
   * For each row the column it is assigned to, or -1; every column is used at most once and the
   * sum of the assigned scores is maximal. With more rows than columns some rows stay unassigned.
   */
  public static int[] maximise(double[][] score) {
    int rows = score.length;
    if (rows == 0) {
      return new int[0];
    }
    int cols = score[0].length;
    boolean transpose = rows > cols;
    int n = transpose ? cols : rows;
    int m = transpose ? rows : cols;
    // 1-based arrays of the classic formulation; cost = -score, rows n <= columns m.
    double[] u = new double[n + 1];
    double[] v = new double[m + 1];
    int[] p = new int[m + 1];
    int[] way = new int[m + 1];
    for (int i = 1; i <= n; i++) {
      p[0] = i;
      int j0 = 0;
      double[] minv = new double[m + 1];
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      boolean[] used = new boolean[m + 1];
      do {
        used[j0] = true;
        int i0 = p[j0];
        double delta = Double.POSITIVE_INFINITY;
        int j1 = 0;
        for (int j = 1; j <= m; j++) {
          if (!used[j]) {
            double cost = -(transpose ? score[j - 1][i0 - 1] : score[i0 - 1][j - 1]);
            double cur = cost - u[i0] - v[j];
            if (cur < minv[j]) {
              minv[j] = cur;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= m; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] != 0);
      do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] assignment = new int[rows];
    Arrays.fill(assignment, -1);
    for (int j = 1; j <= m; j++) {
      if (p[j] != 0) {
        if (transpose) {
          assignment[j - 1] = p[j] - 1;
        } else {
          assignment[p[j] - 1] = j - 1;
        }
      }
    }
    return assignment;
  }
}
