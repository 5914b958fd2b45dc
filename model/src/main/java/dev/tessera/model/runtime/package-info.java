/**
 * The model as ONNX Runtime runs it: {@link dev.tessera.model.runtime.UNetModel} (the only
 * class family importing {@code ai.onnxruntime}: loading, signature and self-test checks, device
 * selection, direct-buffer runs) and whole-frame inference on top of it.
 */
package dev.tessera.model.runtime;
