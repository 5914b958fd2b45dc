package dev.tessera.service;

import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Finds misspelled {@code TESSERA_*} environment variables at start-up. SmallRye Config refuses an
 * unknown {@code tessera.*} key given as a system property or in a properties file (SRCFG00050), but
 * cannot tell a misspelled environment variable from an unrelated one, so {@code
 * TESSERA_TILER_DPETH=5} would be ignored. Here the known variables come from the service's
 * {@code @ConfigMapping} interfaces themselves ({@link ConfigMappings#getProperties}), named by
 * MicroProfile's rule (each character that is not a letter or digit becomes {@code _}, upper-cased:
 * {@code tessera.tiler.max-input-size} is {@code TESSERA_TILER_MAX_INPUT_SIZE}; a map key may be
 * anything, {@code tessera.kafka.client."security.protocol"} is {@code
 * TESSERA_KAFKA_CLIENT__SECURITY_PROTOCOL_}). A variable
 *
 * <ul>
 *   <li>under a root of the service's own mappings ({@code TESSERA_KAFKA_}, {@code TESSERA_TOPICS_}
 *       and its stage's, e.g. {@code TESSERA_TILER_}) that names no known property is an error, with
 *       the nearest known variables as a suggestion;
 *   <li>under another stage's root ({@code TESSERA_INFERENCE_DEVICE} seen by the tiler: operators
 *       export one shell for all services) is ignored;
 *   <li>under no Tessera root is a warning, except {@code TESSERA_JAVA_OPTS}, the launcher's.
 * </ul>
 *
 * <p>Variables outside {@code TESSERA_*} ({@code QUARKUS_*} among them) are not looked at.
 */
public final class EnvironmentCheck {

  private static final Logger LOG = Logger.getLogger(EnvironmentCheck.class);

  /** Every service's configuration roots: the two shared ones, then the five stages'. */
  private static final List<String> PREFIXES = List.of("tessera.kafka", "tessera.topics", "tessera.ingest",
      "tessera.tiler", "tessera.stitcher", "tessera.tracker", "tessera.inference");

  /** {@code TESSERA_*} variables that are no configuration key but are used by the launcher script. */
  private static final List<String> LAUNCHER_VARIABLES = List.of("TESSERA_JAVA_OPTS");

  private static final String SCOPE = "TESSERA_";
  /** Stands for a map key (anything, at least one character) in a known variable's name. */
  private static final char ANY_KEY = '*';
  /** Stands for a list index (digits) in a known variable's name. */
  private static final char ANY_INDEX = '#';
  private static final int MAX_SUGGESTIONS = 3;
  /** How close a variable under no Tessera root must be to one of the service's to be suggested. */
  private static final int MAX_WARNING_DISTANCE = 2;

  private EnvironmentCheck() {}

  /**
   * What {@link #check} found: {@code errors} stop the start, {@code warnings} are logged. Each
   * names one variable.
   */
  public record Verdict(List<String> errors, List<String> warnings) {

    /** Copies both lists. */
    public Verdict {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }

    /** True when a variable must stop the start. */
    public boolean fatal() {
      return !errors.isEmpty();
    }
  }

  /**
   * Checks the {@code TESSERA_*} variables of {@code env} against the mappings {@code service} reads
   * (all of them: {@link KafkaConfig}, {@link TopicsConfig} and the stage's own). Pure: logs
   * nothing, throws nothing for a bad variable.
   *
   * @param service the service's name for the messages, e.g. {@code tiler}
   * @param mappings {@code @ConfigMapping} interfaces; their prefixes are the service's own roots
   */
  public static Verdict check(Map<String, String> env, String service, List<Class<?>> mappings) {
    List<String> ownRoots = new ArrayList<>();
    List<String> known = new ArrayList<>();
    for (Class<?> mapping : mappings) {
      ConfigClass configClass = ConfigClass.configClass(mapping);
      ownRoots.add(envName(configClass.getPrefix()));
      ConfigMappings.getProperties(configClass).keySet().forEach(property -> known.add(envName(property)));
    }
    List<String> allRoots = PREFIXES.stream().map(EnvironmentCheck::envName).toList();
    List<String> otherRoots = allRoots.stream().filter(root -> !ownRoots.contains(root)).toList();
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (String name : new TreeSet<>(env.keySet())) {
      if (!name.startsWith(SCOPE) || LAUNCHER_VARIABLES.contains(name) || underAny(name, otherRoots)) {
        continue;
      }
      if (underAny(name, ownRoots)) {
        if (known.stream().noneMatch(k -> distance(name, k) == 0)) {
          errors.add("environment variable " + name + " is not a setting of the " + service + " service (did you"
              + " mean " + nearest(name, known, Integer.MAX_VALUE) + "?)");
        }
      } else {
        String near = nearest(name, known, MAX_WARNING_DISTANCE);
        warnings.add("Environment variable " + name + " is not a setting of any Tessera service (theirs start with "
            + String.join("_, ", allRoots) + "_): ignored" + (near.isEmpty() ? "" : "; did you mean " + near + "?"));
      }
    }
    return new Verdict(errors, warnings);
  }

  /**
   * Checks {@code env} for {@code service}, which reads {@link KafkaConfig}, {@link TopicsConfig} and
   * {@code stageMapping}: logs each warning once and throws on an error. Called first thing at
   * start-up, before anything connects to Kafka.
   *
   * @throws IllegalArgumentException naming each misspelled variable and what it may have meant
   */
  public static void enforce(Map<String, String> env, String service, Class<?> stageMapping) {
    Verdict verdict = check(env, service, List.of(KafkaConfig.class, TopicsConfig.class, stageMapping));
    verdict.warnings().forEach(LOG::warn);
    if (verdict.fatal()) {
      throw new IllegalArgumentException(String.join("; ", verdict.errors()));
    }
  }

  /**
   * A property name as an environment variable's, by MicroProfile's rule; a map key ({@code *}) and
   * a list index ({@code [*]}) become {@link #ANY_KEY} and {@code _}{@link #ANY_INDEX}{@code _}.
   */
  private static String envName(String property) {
    StringBuilder name = new StringBuilder(property.length());
    for (int i = 0; i < property.length(); i++) {
      char c = property.charAt(i);
      if (property.startsWith("[*]", i)) {
        name.append('_').append(ANY_INDEX).append('_');
        i += 2;
      } else if (c == '*') {
        name.append(ANY_KEY);
      } else if (c < 128 && Character.isLetterOrDigit(c)) {
        name.append(Character.toUpperCase(c));
      } else {
        name.append('_');
      }
    }
    return name.toString();
  }

  private static boolean underAny(String name, List<String> roots) {
    return roots.stream().anyMatch(root -> name.equals(root) || name.startsWith(root + "_"));
  }

  /**
   * The known variables nearest to {@code name}, at most {@code maxDistance} edits away, joined with
   * "or" for a message; empty when none is that close.
   */
  private static String nearest(String name, List<String> known, int maxDistance) {
    int best = maxDistance;
    TreeSet<String> nearest = new TreeSet<>();
    for (String candidate : known) {
      int d = distance(name, candidate);
      if (d < best) {
        best = d;
        nearest.clear();
      }
      if (d == best) {
        nearest.add(display(candidate));
      }
    }
    List<String> shown = nearest.stream().limit(MAX_SUGGESTIONS).toList();
    return shown.size() <= 1 ? String.join("", shown)
        : String.join(", ", shown.subList(0, shown.size() - 1)) + " or " + shown.get(shown.size() - 1);
  }

  /** A known variable as an operator would write it: {@code TESSERA_KAFKA_CLIENT_<key>}. */
  private static String display(String known) {
    return known.replace(String.valueOf(ANY_KEY), "<key>").replace(String.valueOf(ANY_INDEX), "<n>");
  }

  /**
   * The edit distance (insertions, deletions, substitutions) from {@code name} to the known variable
   * {@code known}, where {@link #ANY_KEY} stands for any one or more characters and {@link #ANY_INDEX}
   * for one or more digits; 0 exactly when {@code name} is that variable.
   */
  private static int distance(String name, String known) {
    int n = name.length();
    int[] previous = new int[n + 1];
    int[] current = new int[n + 1];
    for (int i = 0; i <= n; i++) {
      previous[i] = i;
    }
    for (int j = 1; j <= known.length(); j++) {
      char k = known.charAt(j - 1);
      current[0] = previous[0] + 1;
      int run = Integer.MAX_VALUE; // the best start of the stretch a wildcard ending at i may take
      for (int i = 1; i <= n; i++) {
        char c = name.charAt(i - 1);
        if (k == ANY_KEY || k == ANY_INDEX) {
          run = k == ANY_KEY || (c >= '0' && c <= '9') ? Math.min(run, previous[i - 1]) : Integer.MAX_VALUE;
          current[i] = Math.min(previous[i] + 1, run);
        } else {
          current[i] = Math.min(Math.min(previous[i], current[i - 1]) + 1, previous[i - 1] + (c == k ? 0 : 1));
        }
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[n];
  }
}
