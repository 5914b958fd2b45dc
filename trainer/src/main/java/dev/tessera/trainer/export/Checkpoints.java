package dev.tessera.trainer.export;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tessera.trainer.net.UNet;
import dev.tessera.trainer.net.UNetSpec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Training checkpoints: the network's parameters in DJL's own format, one file per checkpoint
 * ({@code step-000500.params}) in a run's {@code checkpoints/} folder. The network's shape comes
 * from the run's {@code config.json}.
 */
public final class Checkpoints {

  private Checkpoints() {}

  /** The file name of the checkpoint at {@code step}. */
  public static String fileName(int step) {
    return String.format(java.util.Locale.ROOT, "step-%06d.params", step);
  }

  /** The step of a checkpoint named by {@link #fileName(int)}. */
  public static int step(Path checkpoint) {
    String name = checkpoint.getFileName().toString();
    if (!name.matches("step-\\d+\\.params")) {
      throw new IllegalArgumentException(checkpoint + " is not a step-N.params checkpoint");
    }
    return Integer.parseInt(name.substring(5, name.length() - 7));
  }

  /** Writes {@code net}'s parameters to {@code file}. */
  public static void save(UNet net, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      net.saveParameters(out);
    }
    // Written whole or not at all: a crash mid-write must not leave a truncated checkpoint.
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * A network of {@code spec} with the parameters of {@code file}, its arrays in {@code manager}.
   *
   * @throws IOException when the file is unreadable or its parameters do not fit {@code spec}
   */
  public static UNet load(UNetSpec spec, Path file, NDManager manager) throws IOException {
    UNet net = new UNet(spec);
    loadInto(net, file, manager);
    return net;
  }

  /**
   * Loads the parameters of {@code file} into {@code net} (not yet initialised), arrays in {@code manager}.
   *
   * @throws IOException when the file is unreadable or its parameters do not fit the network
   */
  public static void loadInto(UNet net, Path file, NDManager manager) throws IOException {
    UNetSpec spec = net.spec();
    // Loading replaces each parameter's declared shape with the file's, so remember the declared ones.
    java.util.Map<String, ai.djl.ndarray.types.Shape> declared = new java.util.HashMap<>();
    net.getParameters().values().forEach(p -> declared.put(p.getName(), p.getShape()));
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      net.loadParameters(manager, in);
    } catch (MalformedModelException | RuntimeException e) {
      throw new IOException("Checkpoint " + file + " does not hold the parameters of a " + spec.id() + " network: "
          + e.getMessage(), e);
    }
    for (var p : net.getParameters().values()) {
      if (!p.isInitialized()) {
        throw new IOException("Checkpoint " + file + " lacks parameter " + p.getName());
      }
      if (!p.getArray().getShape().equals(declared.get(p.getName()))) {
        throw new IOException("Checkpoint " + file + " has parameter " + p.getName() + " of shape "
            + p.getArray().getShape() + ", a " + spec.id() + " network needs " + declared.get(p.getName()));
      }
    }
  }

  /** A freshly initialised network (He initialisation), for tests and benchmarks. */
  public static UNet initialised(UNetSpec spec, NDManager manager) {
    UNet net = new UNet(spec);
    int n = spec.geometry().minimumInput();
    net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, n, n));
    return net;
  }

  /** The checkpoint of the highest step in {@code dir}, if any. */
  public static Optional<Path> latest(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("step-\\d+\\.params"))
          .max(Comparator.comparing(p -> p.getFileName().toString()));
    }
  }
}
