package dev.keel.ml.training;

import com.google.protobuf.Any;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.keel.ml.artifacts.ArtifactStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.protos.core.ModelProto;

/**
 * The reproducibility hash of a Tribuo model: {@code sha256:<hex>} over a canonical form of its
 * protobuf that keeps every learned parameter but leaves out provenance (training time, host,
 * dataset creation time), which differs from one training to the next.
 *
 * <p>The walk unpacks every {@code google.protobuf.Any} (ensemble members, the inner model of a
 * transformed model, feature and output domains) with the descriptors of Tribuo's proto files,
 * clears every field whose type is an OLCUT provenance message, orders map entries by key and
 * serialises deterministically. A type it cannot unpack is an error rather than a silently unstable
 * hash.
 */
public final class CanonicalModelHash {

  private static final String PROVENANCE_PACKAGE = "olcut.";
  private static final Map<String, Descriptor> TYPES = registry();

  private CanonicalModelHash() {}

  public static String of(ModelProto proto) {
    return ArtifactStore.sha256(canonicalBytes(proto));
  }

  static byte[] canonicalBytes(Message message) {
    Message canonical = canonical(message);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CodedOutputStream coded = CodedOutputStream.newInstance(out);
      coded.useDeterministicSerialization();
      canonical.writeTo(coded);
      coded.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Message canonical(Message message) {
    if (message.getDescriptorForType().getFullName().equals(Any.getDescriptor().getFullName())) {
      return canonicalAny(message);
    }
    Message.Builder builder = message.toBuilder();
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      FieldDescriptor field = e.getKey();
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (field.getMessageType().getFullName().startsWith(PROVENANCE_PACKAGE)) {
        builder.clearField(field);
      } else if (field.isRepeated()) {
        List<Message> items = new ArrayList<>();
        for (Object item : (List<?>) e.getValue()) {
          items.add(canonical((Message) item));
        }
        if (field.isMapField()) {
          FieldDescriptor key = field.getMessageType().findFieldByNumber(1);
          items.sort(Comparator.comparing(m -> String.valueOf(m.getField(key))));
        }
        builder.clearField(field);
        items.forEach(item -> builder.addRepeatedField(field, item));
      } else {
        builder.setField(field, canonical((Message) e.getValue()));
      }
    }
    return builder.build();
  }

  private static Message canonicalAny(Message anyMessage) {
    Any any;
    try {
      any = anyMessage instanceof Any a ? a : Any.parseFrom(anyMessage.toByteString());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot read a google.protobuf.Any in a model", e);
    }
    String typeName = any.getTypeUrl().substring(any.getTypeUrl().lastIndexOf('/') + 1);
    Descriptor type = TYPES.get(typeName);
    if (type == null) {
      throw new IllegalStateException(
          "cannot canonicalise model: unknown protobuf type '" + typeName + "'");
    }
    try {
      DynamicMessage inner = DynamicMessage.parseFrom(type, any.getValue());
      return Any.newBuilder()
          .setTypeUrl(any.getTypeUrl())
          .setValue(com.google.protobuf.ByteString.copyFrom(canonicalBytes(inner)))
          .build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot parse a " + typeName + " in a model", e);
    }
  }

  /**
   * Every message type of Tribuo's proto files on the class path (and their imports), by full name.
   */
  private static Map<String, Descriptor> registry() {
    Map<String, Descriptor> types = new HashMap<>();
    String[] holders = {
      "org.tribuo.protos.core.TribuoCore",
      "org.tribuo.protos.core.TribuoCoreImpl",
      "org.tribuo.math.protos.TribuoMath",
      "org.tribuo.math.protos.TribuoMathImpl",
      "org.tribuo.classification.protos.TribuoClassificationCore",
      "org.tribuo.classification.sgd.protos.TribuoClassificationSgd",
      "org.tribuo.regression.protos.TribuoRegressionCore",
      "org.tribuo.regression.sgd.protos.TribuoRegressionSgd",
      "org.tribuo.regression.rtree.protos.TribuoRegressionTree",
      "org.tribuo.common.sgd.protos.TribuoSgd",
      "org.tribuo.common.tree.protos.TribuoTree",
      "org.tribuo.common.xgboost.protos.TribuoXgboost",
    };
    for (String holder : holders) {
      try {
        FileDescriptor file =
            (FileDescriptor) Class.forName(holder).getMethod("getDescriptor").invoke(null);
        addFile(file, types);
      } catch (ClassNotFoundException e) {
        // that Tribuo module is not on the class path, so none of its models can occur
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read protobuf descriptors of " + holder, e);
      }
    }
    return Map.copyOf(types);
  }

  private static void addFile(FileDescriptor file, Map<String, Descriptor> types) {
    for (Descriptor d : file.getMessageTypes()) {
      addType(d, types);
    }
    for (FileDescriptor dependency : file.getDependencies()) {
      addFile(dependency, types);
    }
  }

  private static void addType(Descriptor type, Map<String, Descriptor> types) {
    if (types.putIfAbsent(type.getFullName(), type) == null) {
      type.getNestedTypes().forEach(n -> addType(n, types));
    }
  }
}
