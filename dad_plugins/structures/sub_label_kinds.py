"""The sub-concepts every action class decomposes into (RefDense Sec. 3.2).

Shared by the sub-label map reader of the datasets, the RefDense head and the class-name
encoding tool, so that a kind is spelt the same way everywhere.
"""

#: The sub-concepts every action decomposes into: the object (entity) and the motion.
SUB_LABEL_KINDS = ('entity', 'motion')
