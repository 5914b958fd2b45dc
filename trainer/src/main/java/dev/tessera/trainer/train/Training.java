package dev.tessera.trainer.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.tessera.imaging.model.ModelCard;
import dev.tessera.trainer.augment.Augmenter;
import dev.tessera.trainer.augment.TrainingImage;
import dev.tessera.trainer.data.LabelledImage;
import dev.tessera.trainer.evaluate.Evaluator;
import dev.tessera.trainer.export.Checkpoints;
import dev.tessera.trainer.export.OnnxExport;
import dev.tessera.trainer.metrics.Scores;
import dev.tessera.trainer.net.UNet;
import dev.tessera.trainer.net.UNetSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Trains the U-Net as the paper does (DESIGN.md section 7): every step draws {@code batch} images
 * at random, cuts an augmented tile from each, and takes one optimiser step on the weighted
 * cross-entropy. One seed drives initialisation, dropout (through the engine's generator),
 * image choice and augmentation, so a run repeats exactly.
 *
 * <p>The run folder receives {@code config.json}, {@code metrics.csv} (loss per step and, at
 * validation steps, the validation metrics), {@code loss-curve.png}, {@code checkpoints/} and the
 * exported {@code model.onnx} with its model card. Validation exports the current weights and runs
 * them through ONNX Runtime over whole images, as the pipeline would.
 *
 * <p>{@link #resume()} continues an interrupted run from its latest checkpoint: the step count,
 * the learning-rate schedule's position, the metrics history and the best checkpoint carry on.
 * DJL does not save an optimiser's state, so Adam's moment estimates (or SGD's momentum) restart
 * from zero, and the random draws after the checkpoint differ from those of an uninterrupted run.
 */
public final class Training {

  /** Callbacks for progress; all optional. */
  public interface Listener {
    default void onStep(int step, double loss) {}

    default void onValidation(int step, Scores scores) {}
  }

  /**
   * What a run produced.
   *
   * @param runDir the run folder
   * @param model the exported model
   * @param validation the final validation scores, or null without validation images
   * @param losses the loss of every step
   * @param seconds wall time of the optimisation (validation and export excluded)
   */
  public record Result(Path runDir, Path model, Scores validation, List<Double> losses, double seconds) {}

  private final TrainConfig config;
  private final List<LabelledImage> train;
  private final List<LabelledImage> validation;
  private final Path runDir;
  private final PrintWriter log;
  private final boolean progressBar;
  private final Listener listener;

  /**
   * @param log where to print progress lines (null: silent)
   * @param progressBar whether to draw a progress bar on the console
   */
  public Training(TrainConfig config, List<LabelledImage> train, List<LabelledImage> validation, Path runDir,
      PrintWriter log, boolean progressBar, Listener listener) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training images");
    }
    this.config = config;
    this.train = List.copyOf(train);
    this.validation = List.copyOf(validation);
    this.runDir = runDir;
    this.log = log;
    this.progressBar = progressBar;
    this.listener = listener == null ? new Listener() {} : listener;
  }

  /** Runs the training from the first step and exports the model. */
  public Result run() throws IOException {
    Files.createDirectories(runDir.resolve("checkpoints"));
    Files.writeString(runDir.resolve("config.json"), config.toJson());
    return run(RunHistory.EMPTY, null);
  }

  /**
   * Continues the run in the run folder from its latest {@code step-N.params} checkpoint, keeping
   * the first N lines of its {@code metrics.csv} and its best checkpoint if that is not newer.
   *
   * @throws IllegalArgumentException when the folder holds no checkpoint or the run had finished
   */
  public Result resume() throws IOException {
    Path checkpoint = Checkpoints.latest(runDir.resolve("checkpoints")).orElseThrow(() ->
        new IllegalArgumentException("the run folder " + runDir + " holds no checkpoints/step-N.params to resume from"));
    int step = Checkpoints.step(checkpoint);
    if (step >= config.steps()) {
      throw new IllegalArgumentException("the run in " + runDir + " finished at step " + step + " of "
          + config.steps() + "; to train further, start a new run with --init " + checkpoint);
    }
    return run(RunHistory.read(runDir, step), checkpoint);
  }

  private Result run(RunHistory history, Path resumeFrom) throws IOException {
    UNetSpec spec = config.spec();
    long t0 = System.nanoTime();
    List<TrainingImage> images = new ArrayList<>();
    for (LabelledImage img : train) {
      images.add(img.trainingImage(config.normalizationSpec(), config.weightMap(), config.boundaryClass()));
    }
    print("prepared %d training images (targets and weight maps) in %.1f s; validation images: %d", images.size(),
        (System.nanoTime() - t0) / 1e9, validation.size());
    Augmenter augmenter = new Augmenter(config.augment(), spec.geometry(), config.tileSize());
    int n = config.tileSize();
    int o = augmenter.outputSize();
    int batch = config.batchSize();
    int classes = spec.classes();

    // One seed for everything: the engine's generator (initialisation, dropout) and the sampler.
    // A resumed run draws from a stream of its own: repeating the first steps' draws would show the
    // network the same tiles again.
    long seed = config.seed() + history.step();
    Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
    SplittableRandom sampler = new SplittableRandom(seed);
    List<Double> losses = new ArrayList<>(history.losses());
    List<Integer> validationSteps = new ArrayList<>(history.validationSteps());
    List<Scores> validations = new ArrayList<>(history.validations());
    Scores last = validations.isEmpty() ? null : validations.get(validations.size() - 1);
    Scores best = history.best();
    int bestStep = history.bestStep();
    String metric = config.selectionMetric();
    Path bestCheckpoint = runDir.resolve("checkpoints").resolve("best.params");
    double seconds = history.seconds();
    UNet net = new UNet(spec);
    try (Model model = Model.newInstance(config.modelId());
        BufferedWriter csv = Files.newBufferedWriter(runDir.resolve("metrics.csv"))) {
      model.setBlock(net);
      Path weights = resumeFrom != null ? resumeFrom : config.init().isEmpty() ? null : Path.of(config.init());
      if (weights != null) {
        // Loaded before the trainer initialises the block, so initialisation keeps these arrays.
        Checkpoints.loadInto(net, weights, model.getNDManager());
        print(resumeFrom != null ? "resuming at step %d from %s" : "starting from the weights of %2$s",
            history.step() + 1, weights);
      }
      csv.write(RunHistory.CSV_HEADER + "\n");
      for (String line : history.csvLines()) {
        csv.write(line + "\n");
      }
      DefaultTrainingConfig tc = new DefaultTrainingConfig(new WeightedCrossEntropy())
          .optOptimizer(optimizer(history.step()));
      try (Trainer trainer = model.newTrainer(tc);
          ProgressBar bar = progressBar ? new ProgressBarBuilder().setTaskName("train " + spec.id())
              .setInitialMax(config.steps()).startsFrom(history.step(), java.time.Duration.ZERO)
              .setStyle(ProgressBarStyle.ASCII).setUnit(" steps", 1).showSpeed()
              .setUpdateIntervalMillis(500).build() : null) {
        trainer.initialize(new Shape(batch, 1, n, n));
        print("%s", BackendSelfCheck.check(spec, batch));
        // Elapsed time counts on from the checkpoint's, so a resumed run reports its whole training time.
        long start = System.nanoTime() - (long) (history.seconds() * 1e9);
        for (int step = history.step() + 1; step <= config.steps(); step++) {
          double loss = step(trainer, augmenter, images, sampler, batch, n, o, classes);
          losses.add(loss);
          if (!Double.isFinite(loss)) {
            throw new IllegalStateException("The loss diverged (" + loss + ") at step " + step
                + ": lower the learning rate (--lr " + config.learningRate() + ")");
          }
          double elapsed = (System.nanoTime() - start) / 1e9;
          listener.onStep(step, loss);
          if (bar != null) {
            bar.stepTo(step);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", loss));
          }
          boolean lastStep = step == config.steps();
          Scores scores = null;
          if (!validation.isEmpty() && (lastStep || (config.validateEvery() > 0 && step % config.validateEvery() == 0))) {
            long v0 = System.nanoTime();
            scores = Evaluator.score(OnnxExport.exportWithoutSelfTest(net, card(null)), validation,
                config.normalizationSpec(), config.maxInput());
            start += System.nanoTime() - v0; // validation time is not training time
            last = scores;
            Files.writeString(runDir.resolve("validation.json"), scores.toJson());
            validationSteps.add(step);
            validations.add(scores);
            if (!metric.equals("last") && (best == null || better(scores, best, metric))) {
              best = scores;
              bestStep = step;
              Checkpoints.save(net, bestCheckpoint);
              Files.writeString(runDir.resolve("best.json"), "{\"step\":" + step + ",\"metric\":\"" + metric
                  + "\",\"validation\":" + scores.toJson() + "}\n");
            }
            listener.onValidation(step, scores);
            if (bar == null) {
              print("step %d: validation %s", step, scores);
            }
          }
          csv.write(String.format(Locale.ROOT, "%d,%.6f,%.2f%s%n", step, loss, elapsed, scores == null ? ",,,,,"
              : String.format(Locale.ROOT, ",%.6f,%.6f,%.6f,%.6f,%.6f", scores.pixelError(), scores.randError(),
                  scores.iou(), scores.dice(), scores.f1())));
          csv.flush(); // one line per step, so a long run can be followed with tail -f
          if (lastStep || (config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0)) {
            Checkpoints.save(net, runDir.resolve("checkpoints").resolve(Checkpoints.fileName(step)));
          }
          if (bar == null && log != null && (step % Math.max(1, config.steps() / 20) == 0 || lastStep)) {
            print("step %d/%d loss %.4f (%.2f steps/s)", step, config.steps(), loss,
                (step - history.step()) / Math.max(elapsed - history.seconds(), 1e-9));
          }
          seconds = elapsed;
        }
      }
      if (best != null && bestStep != config.steps()) {
        Checkpoints.loadInto(net, bestCheckpoint, model.getNDManager());
        print("exporting the best checkpoint by %s: step %d (%s)", metric, bestStep, best);
        last = best;
      }
      Path onnx = runDir.resolve("model.onnx");
      Files.write(onnx, OnnxExport.export(net, card(last)));
      LossCurve.write(runDir.resolve("loss-curve.png"), losses, validationSteps,
          validations.stream().map(Scores::pixelError).toList());
      if (!validations.isEmpty()) {
        LossCurve.writeValidation(runDir.resolve("validation-curve.png"), validationSteps, validations);
      }
      print("trained %d steps in %.1f s (%.3f s/step); model written to %s", config.steps(), seconds,
          seconds / config.steps(), onnx);
      return new Result(runDir, onnx, last, losses, seconds);
    }
  }

  private double step(Trainer trainer, Augmenter augmenter, List<TrainingImage> images, SplittableRandom sampler,
      int batch, int n, int o, int classes) {
    float[] input = new float[batch * n * n];
    float[] oneHot = new float[batch * classes * o * o];
    float[] weights = new float[batch * o * o];
    for (int b = 0; b < batch; b++) {
      TrainingImage img = images.get(sampler.nextInt(images.size()));
      Augmenter.Sample s = augmenter.sample(img, sampler);
      System.arraycopy(s.input(), 0, input, b * n * n, n * n);
      System.arraycopy(s.weights(), 0, weights, b * o * o, o * o);
      int[] cls = s.classes();
      for (int p = 0; p < o * o; p++) {
        oneHot[(b * classes + cls[p]) * o * o + p] = 1f;
      }
    }
    try (NDManager scope = trainer.getManager().newSubManager()) {
      NDArray x = scope.create(input, new Shape(batch, 1, n, n));
      NDList labels = new NDList(scope.create(oneHot, new Shape(batch, classes, o, o)),
          scope.create(weights, new Shape(batch, 1, o, o)));
      float loss;
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDList logits = trainer.forward(new NDList(x));
        NDArray l = trainer.getLoss().evaluate(labels, logits);
        gc.backward(l);
        loss = l.getFloat();
      }
      if (Float.isFinite(loss)) {
        requireFiniteGradients(trainer);
      }
      trainer.step();
      return loss;
    }
  }

  /**
   * A NaN or infinite gradient after a finite loss is the backend's fault, not divergence: say so
   * (see {@link BackendSelfCheck}) instead of letting the next step report a diverged loss.
   */
  private void requireFiniteGradients(Trainer trainer) {
    for (var p : trainer.getModel().getBlock().getParameters().values()) {
      float sum;
      try (NDArray gradient = p.getArray().getGradient(); NDArray total = gradient.sum()) {
        sum = total.getFloat();
      }
      if (!Float.isFinite(sum)) {
        throw new BackendSelfCheck.BackendMiscomputationException(String.format(Locale.ROOT,
            "The training backend computed a non-finite gradient for %s of %s although the loss was finite: a backend"
                + " miscomputation, not a diverging loss. %s", p.getName(), config.spec().id(),
            BackendSelfCheck.backend()));
      }
    }
  }

  /** Whether {@code a} beats {@code b} on {@code metric} (lower errors, higher F1). */
  static boolean better(Scores a, Scores b, String metric) {
    return switch (metric) {
      case "pixel-error" -> a.pixelError() < b.pixelError();
      case "rand-error" -> a.randError() < b.randError();
      case "f1" -> a.f1() > b.f1();
      default -> throw new IllegalArgumentException("unknown selection metric " + metric);
    };
  }

  /** The optimiser, its schedule continuing after {@code stepsDone} steps. */
  private Optimizer optimizer(int stepsDone) {
    LearningRateSchedule schedule = config.learningRateSchedule();
    Tracker lr = numUpdate -> (float) schedule.rate(config.learningRate(), stepsDone + Math.max(1, numUpdate),
        config.steps());
    return config.optimizer().equals("adam")
        ? Optimizer.adam().optLearningRateTracker(lr).build()
        : Optimizer.sgd().setLearningRateTracker(lr).optMomentum((float) config.momentum()).build();
  }

  /** The model card of this run, with {@code scores} as its validation metrics. */
  public ModelCard card(Scores scores) {
    return ModelCards.of(config, train.stream().map(LabelledImage::name).toList(),
        validation.stream().map(LabelledImage::name).toList(), scores == null ? "" : scores.toJson());
  }

  private void print(String format, Object... args) {
    if (log != null) {
      log.println(String.format(Locale.ROOT, format, args));
      log.flush();
    }
  }
}
