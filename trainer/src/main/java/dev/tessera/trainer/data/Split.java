package dev.tessera.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A train / validation split of a data folder by image: either named validation images ({@code
 * names:18,19,20,21}, or a range of numeric names {@code names:18-21}), or a fraction of the
 * images drawn with a split seed ({@code fraction:0.2}, seed 0, or {@code fraction:0.2:7}), or no
 * validation ({@code none}). The split seed is part of the spec, not the training seed, so runs
 * with different training seeds can share one validation set.
 *
 * @param validation the validation names
 * @param training the training names
 */
public record Split(List<String> training, List<String> validation) {

  /** The prefix of an image selection that takes a split's training side ({@link #select}). */
  public static final String TRAINING_SIDE = "training:";

  /**
   * The images an evaluation takes: {@code all} (null: every image), the validation side of a split
   * ({@code names:...} or {@code fraction:F[:SEED]}, as {@link #of}) or its training side ({@code
   * training:} followed by the split), where post-processing can be chosen without looking at the
   * validation images.
   *
   * @param option the option's name, for the error message
   * @throws IllegalArgumentException naming the option when the selection cannot be parsed
   */
  public static List<String> select(List<String> names, String option, String images) {
    if (images.equals("all")) {
      return null;
    }
    boolean training = images.startsWith(TRAINING_SIDE);
    String split = training ? images.substring(TRAINING_SIDE.length()) : images;
    if (!split.startsWith("names:") && !split.startsWith("fraction:")) {
      throw new IllegalArgumentException(option + " must be all, names:A,B,..., fraction:F[:SEED] or training:SPLIT,"
          + " was " + images);
    }
    Split s = of(names, split);
    return training ? s.training() : s.validation();
  }

  /**
   * Splits {@code names} (naturally sorted) as {@code spec} says.
   *
   * @throws IllegalArgumentException naming the spec when it cannot be parsed or names images that
   *     do not exist
   */
  public static Split of(List<String> names, String spec) {
    String s = spec == null ? "none" : spec.strip();
    Set<String> validation = new LinkedHashSet<>();
    if (s.equals("none")) {
      // no validation images
    } else if (s.startsWith("names:")) {
      for (String part : s.substring("names:".length()).split(",")) {
        String p = part.strip();
        int dash = p.indexOf('-');
        if (dash > 0 && p.substring(0, dash).chars().allMatch(Character::isDigit)
            && p.substring(dash + 1).chars().allMatch(Character::isDigit) && dash < p.length() - 1) {
          int from = Integer.parseInt(p.substring(0, dash));
          int to = Integer.parseInt(p.substring(dash + 1));
          for (int k = from; k <= to; k++) {
            validation.add(Integer.toString(k));
          }
        } else if (!p.isEmpty()) {
          validation.add(p);
        }
      }
      List<String> unknown = validation.stream().filter(n -> !names.contains(n)).toList();
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("Validation split '" + spec + "' names images that are not there: " + unknown);
      }
    } else if (s.startsWith("fraction:")) {
      String[] parts = s.substring("fraction:".length()).split(":");
      double f;
      long seed;
      try {
        f = Double.parseDouble(parts[0].strip());
        seed = parts.length > 1 ? Long.parseLong(parts[1].strip()) : 0;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Validation split '" + spec
            + "': use fraction:F or fraction:F:SEED with a number F and an integer SEED", e);
      }
      if (parts.length > 2) {
        throw new IllegalArgumentException("Validation split '" + spec + "': use fraction:F or fraction:F:SEED");
      }
      if (!(f > 0 && f < 1)) {
        throw new IllegalArgumentException("Validation split '" + spec + "': the fraction must be in (0, 1)");
      }
      List<String> shuffled = new ArrayList<>(names);
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = shuffled.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        String t = shuffled.get(i);
        shuffled.set(i, shuffled.get(j));
        shuffled.set(j, t);
      }
      int count = Math.max(1, (int) Math.round(f * names.size()));
      validation.addAll(shuffled.subList(0, Math.min(count, names.size() - 1)));
    } else {
      throw new IllegalArgumentException("Validation split '" + spec
          + "' is not understood: use none, names:A,B,... (ranges like 18-21 allowed), fraction:F or fraction:F:SEED");
    }
    List<String> training = names.stream().filter(n -> !validation.contains(n)).toList();
    if (training.isEmpty()) {
      throw new IllegalArgumentException("Validation split '" + spec + "' leaves no training images");
    }
    List<String> val = names.stream().filter(validation::contains).toList();
    return new Split(training, val);
  }

  /**
   * Checks the form of a split spec without looking at any data.
   *
   * @throws IllegalArgumentException naming the spec and the accepted forms
   */
  public static void checkSpec(String spec) {
    String s = spec == null ? "none" : spec.strip();
    if (s.startsWith("names:") && s.length() > "names:".length()) {
      return;
    }
    if (s.startsWith("fraction:")) {
      // a one-image list is enough to check the fraction's syntax and range
      of(List.of("a", "b"), s);
      return;
    }
    if (!s.equals("none")) {
      of(List.of("a"), s);
    }
  }

  @Override
  public String toString() {
    return "train " + training.size() + " " + abbreviate(training) + ", validation " + validation.size() + " "
        + abbreviate(validation);
  }

  private static String abbreviate(List<String> names) {
    return names.size() <= 6 ? names.toString()
        : Arrays.asList(names.get(0), names.get(1), "...", names.get(names.size() - 1)).toString();
  }
}
