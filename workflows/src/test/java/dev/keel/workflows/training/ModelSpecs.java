package dev.keel.workflows.training;

import dev.keel.workflows.contract.Binarize;
import dev.keel.workflows.contract.ColumnSpec;
import dev.keel.workflows.contract.Gate;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.SweepSpec;
import dev.keel.workflows.contract.TrainerSpec;
import java.util.List;

/**
 * Builds the {@link ModelSpec}s of tests by name instead of twelve positional arguments. Starts
 * from the wine classifier that most tests train: {@code quality >= 6}, no exclusions, gates or
 * schema, 20% holdout, seed 42, compared with the champion, no sweep.
 */
public final class ModelSpecs {

  private String task = ModelSpec.CLASSIFICATION;
  private String target = "quality";
  private Binarize binarize = new Binarize(">=", 6);
  private String positiveClass;
  private List<String> exclude = List.of();
  private final TrainerSpec trainer;
  private List<Gate> gates = List.of();
  private List<ColumnSpec> schema;
  private double holdoutFraction = 0.2;
  private long seed = 42;
  private boolean compareWithChampion = true;
  private SweepSpec sweep;

  private ModelSpecs(TrainerSpec trainer) {
    this.trainer = trainer;
  }

  /** The wine classifier trained by {@code trainer}. */
  public static ModelSpecs wineQuality(TrainerSpec trainer) {
    return new ModelSpecs(trainer);
  }

  public ModelSpecs task(String value) {
    task = value;
    return this;
  }

  public ModelSpecs target(String value) {
    target = value;
    return this;
  }

  public ModelSpecs binarize(Binarize value) {
    binarize = value;
    return this;
  }

  public ModelSpecs positiveClass(String value) {
    positiveClass = value;
    return this;
  }

  public ModelSpecs exclude(List<String> value) {
    exclude = value;
    return this;
  }

  public ModelSpecs gates(List<Gate> value) {
    gates = value;
    return this;
  }

  public ModelSpecs schema(List<ColumnSpec> value) {
    schema = value;
    return this;
  }

  public ModelSpecs holdoutFraction(double value) {
    holdoutFraction = value;
    return this;
  }

  public ModelSpecs seed(long value) {
    seed = value;
    return this;
  }

  public ModelSpecs compareWithChampion(boolean value) {
    compareWithChampion = value;
    return this;
  }

  public ModelSpecs sweep(SweepSpec value) {
    sweep = value;
    return this;
  }

  public ModelSpec build() {
    return new ModelSpec(
        task,
        target,
        binarize,
        positiveClass,
        exclude,
        trainer,
        gates,
        schema,
        holdoutFraction,
        seed,
        compareWithChampion,
        sweep);
  }
}
