# RefDense's CoLV loss (Eq. (10)-(11)) against cached CLIP text embeddings of "a photo of [action]"
# (tools/data/encode_class_names.py, docs/text_embeddings.md), read under the dataset's data_root;
# the temperature is not given in the paper (CLIP's initial 0.07). A config that adds it to a head
# sets in_channels, the width of the features it is put on.
colv_actions = dict(
    type='CoLVLoss', text_embeddings='text_embeddings/actions.npy', temperature=0.07
)
