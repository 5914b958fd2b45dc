package dev.tessera.trainer.augment;

import java.util.random.RandomGenerator;

/**
 * A smooth displacement field over an {@code n x n} tile, as in the U-Net paper: random
 * displacement vectors on a coarse {@code g x g} grid spanning the tile (Gaussian, given standard
 * deviation in pixels), interpolated bicubically to every pixel (Keys' cubic convolution,
 * {@code a = -0.5}, grid values clamped at the edges). At the grid points the field equals the
 * drawn vectors; a zero grid gives a zero field.
 */
public final class ElasticField {

  private final int size;
  private final float[] dx;
  private final float[] dy;

  private ElasticField(int size, float[] dx, float[] dy) {
    this.size = size;
    this.dx = dx;
    this.dy = dy;
  }

  /** A random field: {@code grid x grid} vectors with components drawn from N(0, std^2). */
  public static ElasticField random(int size, int grid, double std, RandomGenerator random) {
    double[][] gx = new double[grid][grid];
    double[][] gy = new double[grid][grid];
    for (int j = 0; j < grid; j++) {
      for (int i = 0; i < grid; i++) {
        gx[j][i] = random.nextGaussian() * std;
        gy[j][i] = random.nextGaussian() * std;
      }
    }
    return fromGrid(size, gx, gy);
  }

  /**
   * The field interpolating the grid vectors {@code gx[row][col]}, {@code gy[row][col]}; grid
   * point {@code (col, row)} sits at pixel {@code (col, row) * (size - 1) / (grid - 1)}.
   */
  public static ElasticField fromGrid(int size, double[][] gx, double[][] gy) {
    int grid = gx.length;
    if (grid < 2 || gy.length != grid || gx[0].length != grid || gy[0].length != grid) {
      throw new IllegalArgumentException("the displacement grid must be square, at least 2x2, the same for x and y");
    }
    if (size < 2) {
      throw new IllegalArgumentException("a displacement field needs at least 2x2 pixels, got " + size);
    }
    // Separable interpolation: rows of the grid to pixel columns, then to pixel rows.
    double[][] kernel = new double[size][];
    int[] base = new int[size];
    for (int u = 0; u < size; u++) {
      double t = (double) u * (grid - 1) / (size - 1);
      int i = Math.min((int) Math.floor(t), grid - 2);
      base[u] = i;
      kernel[u] = keysWeights(t - i);
    }
    float[] dx = new float[size * size];
    float[] dy = new float[size * size];
    double[][] colX = new double[grid][size];
    double[][] colY = new double[grid][size];
    for (int j = 0; j < grid; j++) {
      for (int u = 0; u < size; u++) {
        colX[j][u] = interpolate(gx[j], base[u], kernel[u]);
        colY[j][u] = interpolate(gy[j], base[u], kernel[u]);
      }
    }
    double[] tmpX = new double[grid];
    double[] tmpY = new double[grid];
    for (int u = 0; u < size; u++) {
      for (int j = 0; j < grid; j++) {
        tmpX[j] = colX[j][u];
        tmpY[j] = colY[j][u];
      }
      for (int v = 0; v < size; v++) {
        dx[v * size + u] = (float) interpolate(tmpX, base[v], kernel[v]);
        dy[v * size + u] = (float) interpolate(tmpY, base[v], kernel[v]);
      }
    }
    return new ElasticField(size, dx, dy);
  }

  /** The zero field. */
  public static ElasticField zero(int size) {
    return new ElasticField(size, new float[size * size], new float[size * size]);
  }

  public int size() {
    return size;
  }

  /** Displacement along x at pixel {@code (u, v)}. */
  public float dx(int u, int v) {
    return dx[v * size + u];
  }

  /** Displacement along y at pixel {@code (u, v)}. */
  public float dy(int u, int v) {
    return dy[v * size + u];
  }

  private static double interpolate(double[] values, int i, double[] w) {
    int last = values.length - 1;
    double sum = 0;
    for (int k = 0; k < 4; k++) {
      int idx = Math.max(0, Math.min(last, i - 1 + k));
      sum += w[k] * values[idx];
    }
    return sum;
  }

  /** Keys' cubic convolution weights (a = -0.5) for the samples at offsets -1, 0, 1, 2 from t. */
  static double[] keysWeights(double t) {
    return new double[] {keys(t + 1), keys(t), keys(1 - t), keys(2 - t)};
  }

  private static double keys(double x) {
    double a = -0.5;
    double ax = Math.abs(x);
    if (ax <= 1) {
      return (a + 2) * ax * ax * ax - (a + 3) * ax * ax + 1;
    }
    if (ax < 2) {
      return a * ax * ax * ax - 5 * a * ax * ax + 8 * a * ax - 4 * a;
    }
    return 0;
  }
}
