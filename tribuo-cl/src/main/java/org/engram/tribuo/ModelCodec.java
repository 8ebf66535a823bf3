package org.engram.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.engram.cl.ContinualLearner;
import org.engram.cl.TaskReport;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;

/**
 * The serialized form of a {@link ContinualModel}: Tribuo's protobuf envelope ({@link ModelProto},
 * class name and version) around a payload written with protobuf's codec, so no generated class is
 * needed:
 *
 * <pre>
 * message ContinualModelProto {   // version 2
 *   bytes metadata = 1;           // tribuo.core.ModelDataProto: name, provenance, domains
 *   Training training = 2;
 *   string task_key = 3;
 *   int32 unknown_features = 4;
 *   repeated int32 input_column = 6 [packed];   // the network input of each feature id
 *   fixed32 checksum = 7;         // last: CRC32 of every byte before its tag (version 2)
 * }
 * message Training {              // also what Java serialization writes after the fields
 *   bytes learner_state = 1;      // ContinualLearner.toBytes(): versioned, checksummed
 *   repeated Report history = 2;
 * }
 * message Report { int32 task_id = 1; int64 examples = 2; int64 steps = 3; double final_loss = 4;
 *   double train_seconds = 5; double consolidation_seconds = 6; double lambda = 7;
 *   double lambda_seconds = 8; int32 lambda_trials = 9; }
 * </pre>
 *
 * The checksum covers what the learner state's own checksum does not: Tribuo's model data (feature
 * and label names and ids, provenance), the task key and the input table; a damaged byte there
 * loaded as a model reading other features or answering other labels. Version 1 (no checksum) is
 * still read; another version is refused with a message (version 0, before the history and the
 * input order were kept, was written only by development builds: retrain).
 */
final class ModelCodec {
  /** Version of the protobuf format written. */
  static final int CURRENT_VERSION = 2;

  /** The last version written without a checksum; still read. */
  private static final int UNCHECKED_VERSION = 1;

  /** Type URL of the payload inside {@link ModelProto}'s {@code serialized_data}. */
  static final String TYPE_URL = "type.googleapis.com/engram.tribuo.ContinualModelProto";

  private static final int METADATA = 1;
  private static final int TRAINING = 2;
  private static final int TASK_KEY = 3;
  private static final int UNKNOWN = 4;
  private static final int COLUMN = 6;
  private static final int CHECKSUM = 7;

  /** What a payload whose checksum does not match says. */
  static final String DAMAGED =
      "the ContinualModel protobuf is damaged: its checksum does not match what it holds (it was"
          + " changed after it was written); use another copy or retrain";

  private static final int STATE = 1;
  private static final int REPORT = 2;

  private ModelCodec() {}

  /** A learner and the measured history of its tasks. */
  record Training(ContinualLearner learner, List<TaskReport> history) {}

  static ModelProto serialize(
      ModelDataCarrier<Label> carrier,
      ContinualLearner learner,
      List<TaskReport> history,
      String taskKey,
      int unknownFeatures,
      int[] column) {
    byte[] body =
        write(
            out -> {
              out.writeBytes(METADATA, carrier.serialize().toByteString());
              out.writeByteArray(TRAINING, training(learner, history));
              out.writeString(TASK_KEY, taskKey);
              out.writeInt32(UNKNOWN, unknownFeatures);
              out.writeTag(COLUMN, WireFormat.WIRETYPE_LENGTH_DELIMITED);
              int size = 0;
              for (int c : column) {
                size += CodedOutputStream.computeInt32SizeNoTag(c);
              }
              out.writeUInt32NoTag(size);
              for (int c : column) {
                out.writeInt32NoTag(c);
              }
            });
    CRC32 crc = new CRC32();
    crc.update(body);
    byte[] payload =
        write(
            out -> {
              out.writeRawBytes(body);
              out.writeFixed32(CHECKSUM, (int) crc.getValue());
            });
    return ModelProto.newBuilder()
        .setVersion(CURRENT_VERSION)
        .setClassName(ContinualModel.class.getName())
        .setSerializedData(
            Any.newBuilder().setTypeUrl(TYPE_URL).setValue(ByteString.copyFrom(payload)).build())
        .build();
  }

  static ContinualModel deserialize(int version, Any message)
      throws InvalidProtocolBufferException {
    if (version != CURRENT_VERSION && version != UNCHECKED_VERSION) {
      throw new IllegalArgumentException(
          "ContinualModel format version "
              + version
              + " is not supported: this version of tribuo-cl reads version "
              + CURRENT_VERSION
              + (version < CURRENT_VERSION ? "; retrain the model" : ""));
    }
    if (!TYPE_URL.equals(message.getTypeUrl())) {
      throw new IllegalArgumentException(
          "not a ContinualModel payload: type " + message.getTypeUrl() + ", expected " + TYPE_URL);
    }
    ModelDataProto metadata = null;
    Training training = null;
    String taskKey = ContinualTrainer.DEFAULT_TASK_KEY;
    int unknown = 0;
    List<Integer> column = new ArrayList<>();
    boolean checksummed = version != UNCHECKED_VERSION; // the current format ends with a checksum
    boolean sawChecksum = false;
    try {
      ByteString value = message.getValue();
      CodedInputStream in = value.newCodedInput();
      for (int at = 0, tag = in.readTag();
          tag != 0;
          at = in.getTotalBytesRead(), tag = in.readTag()) {
        if (sawChecksum && checksummed) {
          throw new IllegalArgumentException(DAMAGED); // a field after the checksum
        }
        switch (WireFormat.getTagFieldNumber(tag)) {
          case METADATA -> metadata = ModelDataProto.parseFrom(in.readBytes());
          case TRAINING -> training = training(in.readByteArray());
          case TASK_KEY -> taskKey = in.readString();
          case UNKNOWN -> unknown = in.readInt32();
          case COLUMN -> {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
              column.add(in.readInt32());
            }
            in.popLimit(limit);
          }
          case CHECKSUM -> {
            CRC32 crc = new CRC32();
            crc.update(value.substring(0, at).asReadOnlyByteBuffer());
            if (in.readFixed32() != (int) crc.getValue()) {
              throw new IllegalArgumentException(DAMAGED);
            }
            sawChecksum = true;
          }
          default -> in.skipField(tag);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
    if (checksummed && !sawChecksum) {
      throw new IllegalArgumentException(
          "the ContinualModel protobuf is damaged: its checksum is missing (format version "
              + version
              + " ends with one; the payload was cut short or changed after it was written); use"
              + " another copy or retrain");
    }
    if (metadata == null || training == null) {
      throw new IllegalArgumentException(
          "invalid ContinualModel protobuf: missing " + (metadata == null ? "metadata" : "state"));
    }
    ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(metadata);
    if (carrier.outputDomain().size() > 0
        && !(carrier.outputDomain().getOutput(0) instanceof Label)) {
      throw new IllegalArgumentException(
          "invalid ContinualModel protobuf: the output domain is not a label domain");
    }
    @SuppressWarnings("unchecked") // checked above
    ImmutableOutputInfo<Label> labels = (ImmutableOutputInfo<Label>) carrier.outputDomain();
    int features = carrier.featureDomain().size();
    int[] cols = column.stream().mapToInt(Integer::intValue).toArray();
    check(training.learner(), features, cols);
    return new ContinualModel(
        carrier.name(),
        carrier.provenance(),
        new TribuoData.Inputs(carrier.featureDomain(), cols),
        labels,
        training.learner(),
        taskKey,
        unknown,
        training.history());
  }

  /**
   * @throws IllegalArgumentException unless the network, the feature domain and the input table
   *     agree
   */
  private static void check(ContinualLearner learner, int features, int[] column) {
    if (learner.inputSize() != features || column.length != features) {
      throw new IllegalArgumentException(
          "invalid ContinualModel: the network has "
              + learner.inputSize()
              + " inputs, the feature domain "
              + features
              + " features and the input table "
              + column.length
              + " entries");
    }
    boolean[] seen = new boolean[features];
    for (int c : column) {
      if (c < 0 || c >= features || seen[c]) {
        throw new IllegalArgumentException(
            "invalid ContinualModel: the input table is not a permutation of the inputs");
      }
      seen[c] = true;
    }
  }

  /**
   * @return the Training message: the learner's state and the history
   */
  private static byte[] training(ContinualLearner learner, List<TaskReport> history) {
    return write(
        out -> {
          out.writeByteArray(STATE, learner.toBytes());
          for (TaskReport r : history) {
            out.writeByteArray(REPORT, report(r));
          }
        });
  }

  /**
   * @param bytes a Training message
   * @return the learner and its history
   * @throws IllegalArgumentException if the bytes are not a valid Training message
   */
  private static Training training(byte[] bytes) {
    ContinualLearner learner = null;
    List<TaskReport> history = new ArrayList<>();
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case STATE -> learner = ContinualLearner.fromBytes(in.readByteArray());
          case REPORT -> history.add(report(in.readByteArray()));
          default -> in.skipField(tag);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid ContinualModel training state: " + e, e);
    }
    if (learner == null) {
      throw new IllegalArgumentException("invalid ContinualModel: no learner state");
    }
    if (history.size() != learner.tasksLearned()) {
      throw new IllegalArgumentException(
          "invalid ContinualModel: "
              + history.size()
              + " task reports for "
              + learner.tasksLearned()
              + " tasks learned");
    }
    return new Training(learner, List.copyOf(history));
  }

  private static byte[] report(TaskReport r) {
    return write(
        out -> {
          out.writeInt32(1, r.taskId());
          out.writeInt64(2, r.examples());
          out.writeInt64(3, r.steps());
          out.writeDouble(4, r.finalLoss());
          out.writeDouble(5, r.trainSeconds());
          out.writeDouble(6, r.consolidationSeconds());
          out.writeDouble(7, r.lambda());
          out.writeDouble(8, r.lambdaSeconds());
          out.writeInt32(9, r.lambdaTrials());
        });
  }

  private static TaskReport report(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    int task = 0;
    int trials = 0;
    long[] counts = new long[2];
    double[] d = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      switch (field) {
        case 1 -> task = in.readInt32();
        case 2, 3 -> counts[field - 2] = in.readInt64();
        case 4, 5, 6, 7, 8 -> d[field - 4] = in.readDouble();
        case 9 -> trials = in.readInt32();
        default -> in.skipField(tag);
      }
    }
    return new TaskReport(task, counts[0], counts[1], d[0], d[1], d[2], d[3], d[4], trials);
  }

  /** Writes with protobuf's codec into a byte array. */
  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] write(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      w.write(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen for a byte array", e);
    }
    return bytes.toByteArray();
  }
}
