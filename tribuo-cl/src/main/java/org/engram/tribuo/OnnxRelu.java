package org.engram.tribuo;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * ONNX operators that Tribuo 4.3's {@link ONNXOperators} lacks, in the same opset (13) and the
 * default domain.
 */
enum OnnxRelu implements ONNXOperator {
  /** Rectified linear unit, max(0, x). */
  RELU("Relu");

  private final String opName;

  OnnxRelu(String opName) {
    this.opName = opName;
  }

  @Override
  public String getOpName() {
    return opName;
  }

  @Override
  public int getNumInputs() {
    return 1;
  }

  @Override
  public int getNumOptionalInputs() {
    return 0;
  }

  @Override
  public int getNumOutputs() {
    return 1;
  }

  @Override
  public Map<String, ONNXAttribute> getAttributes() {
    return Collections.emptyMap();
  }

  @Override
  public Set<String> getMandatoryAttributeNames() {
    return Collections.emptySet();
  }

  @Override
  public int getOpVersion() {
    return ONNXOperators.getOpsetVersion();
  }

  @Override
  public String getOpDomain() {
    return null;
  }
}
