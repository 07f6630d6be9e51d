-- Imported ONNX versions: how ONNX Runtime feeds and reads each one (input layout, features in feeding order with
-- their tensor types, the outputs read, class labels), worked out once at import so that serving never guesses.
ALTER TABLE model_versions ADD COLUMN onnx_spec JSONB;

