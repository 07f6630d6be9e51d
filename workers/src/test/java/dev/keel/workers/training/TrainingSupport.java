package dev.keel.workers.training;

import dev.keel.ml.training.Algorithms;
import dev.keel.ml.training.TrainingData;
import dev.keel.workflows.contract.ModelSpec;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Trains a model outside the activity, to compare the raw bytes of two trainings. */
final class TrainingSupport {

  private TrainingSupport() {}

  static <T extends Output<T>> Model<T> fit(TrainingData<T> data, ModelSpec spec) {
    MutableDataset<T> dataset =
        new MutableDataset<>(
            new SimpleDataSourceProvenance("test", data.factory()), data.factory());
    dataset.addAll(data.train());
    return Algorithms.<T>trainer(spec, data.varyingNumericFeatures()).train(dataset);
  }
}
