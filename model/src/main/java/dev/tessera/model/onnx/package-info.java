/**
 * The U-Net as data: its weights ({@link dev.tessera.model.onnx.UNetWeights}) and the ONNX
 * graph built from them ({@link dev.tessera.model.onnx.UNetOnnx}) with protobuf builders,
 * so models are generated in code (tests, the trainer's exporter) rather than committed as
 * binaries. No ONNX Runtime here.
 */
package dev.tessera.model.onnx;
