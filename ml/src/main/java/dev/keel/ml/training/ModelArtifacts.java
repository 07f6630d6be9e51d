package dev.keel.ml.training;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.keel.ml.artifacts.ArtifactStore;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;

/**
 * Stores and loads trained models. An artifact is the model's serialized {@link ModelProto}; its
 * address is the {@link CanonicalModelHash} rather than the hash of its bytes, so retraining with
 * the same inputs lands at the same address although the bytes (which record the training time)
 * differ.
 */
public final class ModelArtifacts {

  private final ArtifactStore store;

  public ModelArtifacts(ArtifactStore store) {
    this.store = store;
  }

  /** Stores the model and returns its address, the canonical hash. */
  public String put(Model<?> model) {
    ModelProto proto = model.serialize();
    String address = CanonicalModelHash.of(proto);
    store.put(address, proto.toByteArray());
    return address;
  }

  /**
   * Loads a model and checks that its canonical hash still matches its address.
   *
   * @throws ArtifactStore.ArtifactNotFoundException when nothing is stored at the address
   * @throws ArtifactStore.ArtifactCorruptException when the content is not a model or hashes
   *     differently
   */
  public Model<?> get(String address) {
    byte[] bytes = store.get(address);
    ModelProto proto;
    try {
      proto = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new ArtifactStore.ArtifactCorruptException(
          address, "unreadable model bytes (" + e.getMessage() + ")");
    }
    String actual;
    try {
      actual = CanonicalModelHash.of(proto);
    } catch (IllegalStateException e) {
      throw new ArtifactStore.ArtifactCorruptException(
          address, "no canonical hash (" + e.getMessage() + ")");
    }
    if (!actual.equals(address)) {
      throw new ArtifactStore.ArtifactCorruptException(
          address, "its canonical form hashes to " + actual);
    }
    return Model.deserialize(proto);
  }
}
