package dev.tessera.trainer.synth;

import dev.tessera.trainer.image.Filters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Synthetic fluorescence-like microscopy with exact ground truth, for tests, the demo model and the
 * local-mode demo: cells are textured blobs (ellipses with wavy outlines, brighter centres and
 * darker rims) that cluster and touch, rendered with optical blur, uneven illumination and
 * shot plus read noise into 16-bit pixels. Time lapses move the cells by a persistent random walk
 * and let them grow and divide. Everything is a pure function of the seed.
 *
 * <p>Where two cells overlap, a pixel belongs to the cell whose outline it is relatively deepest
 * inside, so touching cells share a boundary just as in real data.
 */
public final class SyntheticCells {

  /**
   * Generator parameters.
   *
   * @param meanRadius mean cell radius in pixels
   * @param coverage fraction of the frame the cells aim to cover
   * @param clustering fraction of cells placed around cluster centres (the rest uniformly)
   * @param background background level (counts)
   * @param brightness mean cell brightness above background (counts)
   * @param noise scale of shot and read noise (0 = none)
   * @param blur optical blur, Gaussian sigma in pixels
   * @param illumination amplitude of the uneven illumination (0 = flat)
   * @param drift step of the cells' random walk per frame, in pixels
   * @param divisionFrames mean frames between divisions of a cell
   */
  public record Params(double meanRadius, double coverage, double clustering, double background,
      double brightness, double noise, double blur, double illumination, double drift, double divisionFrames) {

    /** The defaults: cells of radius 11 covering about 30% of the frame. */
    public static final Params DEFAULT = new Params(11, 0.3, 0.75, 800, 2600, 1.5, 1.0, 0.35, 1.2, 30);

    public Params {
      if (!(meanRadius >= 3) || !(coverage > 0 && coverage < 0.8) || !(clustering >= 0 && clustering <= 1)
          || !(background >= 0) || !(brightness > 0) || !(noise >= 0) || !(blur >= 0)
          || !(illumination >= 0 && illumination < 1) || !(drift >= 0) || !(divisionFrames >= 2)) {
        throw new IllegalArgumentException("synthetic-cell parameters out of range: " + this);
      }
    }
  }

  private static final int HARMONICS = 3;

  private SyntheticCells() {}

  /** One frame with the default parameters. */
  public static SyntheticFrame frame(int width, int height, long seed) {
    return frame(width, height, seed, Params.DEFAULT);
  }

  /** One frame. */
  public static SyntheticFrame frame(int width, int height, long seed, Params params) {
    checkSize(width, height);
    SplittableRandom random = new SplittableRandom(seed);
    Scene scene = new Scene(width, height, params, random);
    return scene.render(random);
  }

  /** A time lapse of {@code frames} frames with the default parameters. */
  public static List<SyntheticFrame> timeLapse(int width, int height, int frames, long seed) {
    return timeLapse(width, height, frames, seed, Params.DEFAULT);
  }

  /** A time lapse: cells drift, grow and divide between frames. */
  public static List<SyntheticFrame> timeLapse(int width, int height, int frames, long seed, Params params) {
    checkSize(width, height);
    if (frames < 1) {
      throw new IllegalArgumentException("a time lapse needs at least one frame, got " + frames);
    }
    SplittableRandom random = new SplittableRandom(seed);
    Scene scene = new Scene(width, height, params, random);
    List<SyntheticFrame> out = new ArrayList<>(frames);
    for (int f = 0; f < frames; f++) {
      out.add(scene.render(random));
      scene.step(random);
    }
    return out;
  }

  private static void checkSize(int width, int height) {
    if (width < 8 || height < 8 || (long) width * height > 1L << 26) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "synthetic frames must be at least 8x8 and at most 64 Mpixels, got %dx%d", width, height));
    }
  }

  private static final class Cell {
    int id;
    double x;
    double y;
    double a;
    double b;
    double theta;
    final double[] amp = new double[HARMONICS];
    final double[] phase = new double[HARMONICS];
    double brightness;
    double vx;
    double vy;
    int age;
    int divideAt;
    /** The id the mother had before the division that made this cell, 0 for a founder. */
    int parent;

    double radius() {
      return Math.sqrt(a * b);
    }
  }

  private static final class Scene {
    final int width;
    final int height;
    final Params p;
    final List<Cell> cells = new ArrayList<>();
    int nextId = 1;

    Scene(int width, int height, Params p, SplittableRandom random) {
      this.width = width;
      this.height = height;
      this.p = p;
      int target = Math.max(1, (int) Math.round(p.coverage() * width * height / (Math.PI * p.meanRadius() * p.meanRadius())));
      int clusters = Math.max(1, target / 8);
      double[][] centres = new double[clusters][];
      for (int c = 0; c < clusters; c++) {
        centres[c] = new double[] {random.nextDouble() * width, random.nextDouble() * height};
      }
      for (int attempt = 0; attempt < target * 40 && cells.size() < target; attempt++) {
        Cell cell = newCell(random);
        if (random.nextDouble() < p.clustering()) {
          double[] c = centres[random.nextInt(clusters)];
          double spread = 2.5 * p.meanRadius();
          cell.x = c[0] + random.nextGaussian() * spread;
          cell.y = c[1] + random.nextGaussian() * spread;
        } else {
          cell.x = random.nextDouble() * width;
          cell.y = random.nextDouble() * height;
        }
        if (cell.x < 0 || cell.y < 0 || cell.x >= width || cell.y >= height || crowded(cell, 0.8)) {
          continue;
        }
        cell.id = nextId++;
        cells.add(cell);
      }
    }

    Cell newCell(SplittableRandom random) {
      Cell c = new Cell();
      double r = p.meanRadius() * clamp(1 + 0.2 * random.nextGaussian(), 0.6, 1.6);
      double aspect = 1 + Math.min(0.8, Math.abs(0.25 * random.nextGaussian()));
      c.a = r * Math.sqrt(aspect);
      c.b = r / Math.sqrt(aspect);
      c.theta = random.nextDouble() * Math.PI;
      for (int k = 0; k < HARMONICS; k++) {
        c.amp[k] = 0.07 / (k + 1) * random.nextDouble();
        c.phase[k] = random.nextDouble() * 2 * Math.PI;
      }
      c.brightness = p.brightness() * clamp(1 + 0.3 * random.nextGaussian(), 0.4, 1.8);
      c.vx = random.nextGaussian() * p.drift();
      c.vy = random.nextGaussian() * p.drift();
      c.age = random.nextInt((int) p.divisionFrames());
      c.divideAt = (int) Math.round(p.divisionFrames() * (0.7 + 0.6 * random.nextDouble()));
      return c;
    }

    boolean crowded(Cell cell, double factor) {
      for (Cell o : cells) {
        double dx = o.x - cell.x;
        double dy = o.y - cell.y;
        double min = factor * (o.radius() + cell.radius());
        if (dx * dx + dy * dy < min * min) {
          return true;
        }
      }
      return false;
    }

    /** Moves, grows and divides the cells by one frame. */
    void step(SplittableRandom random) {
      List<Cell> born = new ArrayList<>();
      for (Cell c : cells) {
        c.vx = 0.8 * c.vx + random.nextGaussian() * p.drift();
        c.vy = 0.8 * c.vy + random.nextGaussian() * p.drift();
        c.x += c.vx;
        c.y += c.vy;
        if (c.x < 0 || c.x >= width) {
          c.vx = -c.vx;
          c.x = clamp(c.x, 0, width - 1);
        }
        if (c.y < 0 || c.y >= height) {
          c.vy = -c.vy;
          c.y = clamp(c.y, 0, height - 1);
        }
        c.theta += 0.02 * random.nextGaussian();
        c.a *= 1.006;
        c.b *= 1.006;
        c.age++;
        if (c.age >= c.divideAt) {
          born.add(divide(c, random));
        }
      }
      cells.addAll(born);
      relax();
    }

    /** Splits {@code mother} along its long axis; she becomes one daughter, the other is returned. */
    Cell divide(Cell mother, SplittableRandom random) {
      Cell d = newCell(random);
      double ux = Math.cos(mother.theta);
      double uy = Math.sin(mother.theta);
      double offset = 0.5 * mother.a;
      double a = mother.a * 0.72;
      double b = mother.b * 0.98;
      d.x = mother.x + ux * offset;
      d.y = mother.y + uy * offset;
      mother.x -= ux * offset;
      mother.y -= uy * offset;
      // daughters are round-ish and lie across the division axis
      d.a = mother.a = Math.max(a, b);
      d.b = mother.b = Math.min(a, b);
      d.theta = mother.theta = mother.theta + Math.PI / 2;
      d.brightness = mother.brightness * (0.9 + 0.2 * random.nextDouble());
      d.vx = mother.vx + ux * 0.8;
      d.vy = mother.vy + uy * 0.8;
      mother.vx -= ux * 0.8;
      mother.vy -= uy * 0.8;
      int motherId = mother.id;
      mother.id = nextId++;
      d.id = nextId++;
      mother.parent = motherId;
      d.parent = motherId;
      mother.age = 0;
      d.age = 0;
      mother.divideAt = (int) Math.round(p.divisionFrames() * (0.7 + 0.6 * random.nextDouble()));
      if (mother.a < 0.6 * p.meanRadius()) {
        mother.a = d.a = 0.6 * p.meanRadius();
      }
      return d;
    }

    /** Pushes overlapping cells apart so that neighbours touch rather than hide each other. */
    void relax() {
      for (int iter = 0; iter < 3; iter++) {
        for (int i = 0; i < cells.size(); i++) {
          for (int j = i + 1; j < cells.size(); j++) {
            Cell c1 = cells.get(i);
            Cell c2 = cells.get(j);
            double dx = c2.x - c1.x;
            double dy = c2.y - c1.y;
            double d = Math.sqrt(dx * dx + dy * dy);
            double min = 0.8 * (c1.radius() + c2.radius());
            if (d < min) {
              double push = (min - d) / 2;
              double ux = d > 1e-9 ? dx / d : 1;
              double uy = d > 1e-9 ? dy / d : 0;
              c1.x -= ux * push;
              c1.y -= uy * push;
              c2.x += ux * push;
              c2.y += uy * push;
            }
          }
        }
      }
    }

    SyntheticFrame render(SplittableRandom random) {
      int n = width * height;
      int[] labels = new int[n];
      float[] depth = new float[n];
      java.util.Arrays.fill(depth, Float.POSITIVE_INFINITY);
      float[] brightness = new float[n];
      for (Cell c : cells) {
        double reach = c.a * 1.3 + 2;
        int x0 = Math.max(0, (int) Math.floor(c.x - reach));
        int x1 = Math.min(width - 1, (int) Math.ceil(c.x + reach));
        int y0 = Math.max(0, (int) Math.floor(c.y - reach));
        int y1 = Math.min(height - 1, (int) Math.ceil(c.y + reach));
        double cos = Math.cos(c.theta);
        double sin = Math.sin(c.theta);
        for (int y = y0; y <= y1; y++) {
          for (int x = x0; x <= x1; x++) {
            double dx = x - c.x;
            double dy = y - c.y;
            double u = cos * dx + sin * dy;
            double v = -sin * dx + cos * dy;
            double rho = Math.sqrt((u / c.a) * (u / c.a) + (v / c.b) * (v / c.b));
            double phi = Math.atan2(v, u);
            double outline = 1;
            for (int k = 0; k < HARMONICS; k++) {
              outline += c.amp[k] * Math.cos((k + 2) * phi + c.phase[k]);
            }
            rho /= outline;
            int idx = y * width + x;
            if (rho < 1 && rho < depth[idx]) {
              depth[idx] = (float) rho;
              labels[idx] = c.id;
              double profile = (0.85 + 0.15 * (1 - rho * rho)) * (1 - 0.35 * smoothstep(0.7, 1.0, rho));
              brightness[idx] = (float) (c.brightness * profile);
            }
          }
        }
      }
      float[] texture = new float[n];
      for (int i = 0; i < n; i++) {
        texture[i] = (float) random.nextGaussian();
      }
      texture = Filters.gaussian(texture, width, height, 2.0);
      double tStd = 0;
      for (float t : texture) {
        tStd += t * t;
      }
      tStd = Math.sqrt(tStd / n) + 1e-12;
      float[] image = new float[n];
      for (int i = 0; i < n; i++) {
        image[i] = (float) (p.background() + brightness[i] * (1 + 0.25 * texture[i] / tStd));
      }
      image = Filters.gaussian(image, width, height, p.blur());
      double gx = random.nextGaussian();
      double gy = random.nextGaussian();
      double fx = 0.5 + random.nextDouble();
      double fy = 0.5 + random.nextDouble();
      double ph = random.nextDouble() * 2 * Math.PI;
      int[] pixels = new int[n];
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          double sx = (double) x / width - 0.5;
          double sy = (double) y / height - 0.5;
          double field = 0.5 * (gx * sx + gy * sy) + 0.5 * Math.cos(2 * Math.PI * (fx * sx + fy * sy) + ph);
          double light = 1 + p.illumination() * clamp(field, -1, 1);
          double v = image[y * width + x] * light;
          double sigma = p.noise() * Math.sqrt(Math.max(v, 0) + 100);
          v += random.nextGaussian() * sigma;
          pixels[y * width + x] = (int) Math.round(clamp(v, 0, 65535));
        }
      }
      Map<Integer, Integer> parents = new HashMap<>();
      for (Cell c : cells) {
        if (c.parent != 0) {
          parents.put(c.id, c.parent);
        }
      }
      return new SyntheticFrame(width, height, pixels, labels, parents);
    }
  }

  private static double smoothstep(double e0, double e1, double x) {
    double t = clamp((x - e0) / (e1 - e0), 0, 1);
    return t * t * (3 - 2 * t);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
