# Video inputs of tools/infer.py (--extractor) and DenseDetectionInferencer(extractor=...): the
# MS-TCT / PAT Charades recipe of tools/data/extract_features.py (docs/feature_extraction.md).
# pytorch-i3d's Charades checkpoint, 24 fps, short side upscaled to 226 only when smaller, 224
# centre crop, [-1, 1], Mixed_5c average-pooled: 1024-d, 3 tokens per second.
extractor = dict(
    backbone='i3d',
    checkpoint='checkpoints/rgb_charades.pt',
    fps=24,
    crop_size=224,
    chunk_frames=1600,
)
