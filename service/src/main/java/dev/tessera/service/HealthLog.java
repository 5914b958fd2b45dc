package dev.tessera.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Logs a health check's status when it changes, not at every probe: an orchestrator probing
 * readiness every few seconds would otherwise fill the log with the same DOWN (SmallRye Health's
 * own per-probe report is turned down to WARN in each service's {@code application.properties}).
 */
public final class HealthLog {

  private static final Logger LOG = Logger.getLogger(HealthLog.class);
  private static final Map<String, Boolean> LAST = new ConcurrentHashMap<>();

  private HealthLog() {}

  /**
   * Records {@code up} for the check {@code name}; logs once when it differs from the last one
   * (WARN going DOWN, INFO coming back UP), with {@code detail} as the reason.
   *
   * @return {@code up}, so a check can return through it
   */
  public static boolean record(String name, boolean up, Object detail) {
    if (changed(name, up)) {
      if (up) {
        LOG.infof("%s is UP (%s)", name, detail);
      } else {
        LOG.warnf("%s is DOWN (%s)", name, detail);
      }
    }
    return up;
  }

  /**
   * Stores {@code up} as the check's last status; true when it differs from the one before (a
   * check seen for the first time counts as changed only when it is DOWN: starting UP is news to
   * nobody).
   */
  static boolean changed(String name, boolean up) {
    Boolean before = LAST.put(name, up);
    return before == null ? !up : before != up;
  }
}
