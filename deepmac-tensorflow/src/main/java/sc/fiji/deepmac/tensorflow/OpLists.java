package sc.fiji.deepmac.tensorflow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The op lists of {@link OpAudit}.
 * <p>
 * {@link #ALLOWED}: what Deep-MAC SavedModels run. Derived from our own exports (models/deepmac-nuclei-objects-v2 and
 * the test models: Conv2D, BiasAdd, Relu, CropAndResize, ResizeBilinear, ResizeNearestNeighbor, Sigmoid, ...) and
 * from the graph that the TF2 Object Detection API exports for CenterNet with the Deep-MAC head (Hourglass-104:
 * Conv2D, FusedBatchNormV3, MaxPool, AddV2; post-processing: TopKV2, StridedSlice, GatherV2, Einsum, control flow
 * and tensor lists; TF2 plumbing: StatefulPartitionedCall, ReadVariableOp, VarHandleOp), widened to their pure tensor
 * kin (math, shapes, image resizing, NMS) so that a re-export with another TensorFlow is not refused for a renamed
 * kernel. None of them touches files, processes, the network or Python.
 * <p>
 * {@link #DENIED}: ops of TensorFlow's op registry that read or write files, run Python or talk to other machines,
 * named in refusals by what they do. Nothing on it is allowed, except {@link #SAVER} ops in the saver's part.
 */
final class OpLists {

	private OpLists() {}

	static final Set<String> ALLOWED = Set.of(
		// graph plumbing and TF2 functions
		"Const", "Placeholder", "PlaceholderWithDefault", "Identity", "IdentityN", "NoOp", "StopGradient",
		"PreventGradient", "EnsureShape", "CheckNumerics", "Assert", "StatefulPartitionedCall", "PartitionedCall",
		// variables
		"VarHandleOp", "ReadVariableOp", "AssignVariableOp", "VarIsInitializedOp", "VariableV2", "Assign",
		"DestroyResourceOp",
		// control flow (TF2 and TF1) and tensor lists / arrays
		"While", "StatelessWhile", "If", "StatelessIf", "Case", "StatelessCase", "Enter", "Exit", "Merge", "Switch",
		"NextIteration", "LoopCond", "TensorListReserve", "TensorListSetItem", "TensorListGetItem", "TensorListStack",
		"TensorListFromTensor", "TensorListElementShape", "TensorListLength", "TensorListPushBack",
		"TensorListPopBack", "TensorListConcatV2", "TensorArrayV3", "TensorArrayWriteV3", "TensorArrayReadV3",
		"TensorArrayGatherV3", "TensorArrayScatterV3", "TensorArraySizeV3", "TensorArrayConcatV3",
		// shapes and indexing
		"Shape", "ShapeN", "Size", "Rank", "Reshape", "ExpandDims", "Squeeze", "ConcatV2", "Pack", "Unpack", "Split",
		"SplitV", "Slice", "StridedSlice", "Tile", "Fill", "ZerosLike", "OnesLike", "Range", "LinSpace", "BroadcastTo",
		"BroadcastArgs", "Transpose", "InvertPermutation", "ReverseV2", "Pad", "PadV2", "MirrorPad", "GatherV2",
		"GatherNd", "ScatterNd", "TensorScatterUpdate", "Where", "Select", "SelectV2", "Cast", "Unique", "OneHot",
		"SpaceToBatchND", "BatchToSpaceND", "DepthToSpace", "SpaceToDepth", "TopKV2", "Cumsum",
		// arithmetic and reductions
		"Add", "AddV2", "AddN", "Sub", "Mul", "Div", "RealDiv", "DivNoNan", "FloorDiv", "FloorMod", "TruncateDiv",
		"Maximum", "Minimum", "Neg", "Abs", "Sign", "Square", "SquaredDifference", "Sqrt", "Rsqrt", "Reciprocal", "Pow",
		"Exp", "Log", "Log1p", "Floor", "Ceil", "Round", "Sin", "Cos", "Atan2", "Erf", "ClipByValue", "Sum", "Mean",
		"Max", "Min", "Prod", "All", "Any", "ArgMax", "ArgMin", "MatMul", "BatchMatMulV2", "Einsum", "Equal", "NotEqual",
		"Greater", "GreaterEqual", "Less", "LessEqual", "LogicalAnd", "LogicalOr", "LogicalNot", "IsNan", "IsFinite",
		// network layers
		"Conv2D", "DepthwiseConv2dNative", "Conv2DBackpropInput", "BiasAdd", "FusedBatchNorm", "FusedBatchNormV3",
		"Relu", "Relu6", "LeakyRelu", "Elu", "Selu", "Softplus", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "MaxPool",
		"AvgPool",
		// images and boxes
		"CropAndResize", "ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic", "ResizeArea",
		"NonMaxSuppressionV3", "NonMaxSuppressionV4", "NonMaxSuppressionV5", "CombinedNonMaxSuppression");

	/**
	 * The ops of TensorFlow's savers: allowed only in the part of the graph that the saver's restore and save ops
	 * reach ({@link OpAudit}).
	 */
	static final Set<String> SAVER = Set.of("RestoreV2", "SaveV2", "MergeV2Checkpoints", "ShardedFilename",
		"StringJoin", "StaticRegexFullMatch");

	/** Denied ops by what they do. */
	static final Map<String, String> DENIED = denied();

	private static Map<String, String> denied() {
		Map<String, String> denied = new LinkedHashMap<>();
		put(denied, "files", "ReadFile", "WriteFile", "MatchingFiles", "ImmutableConst", "Save", "SaveV2",
			"SaveSlices", "Restore", "RestoreV2", "RestoreSlice", "MergeV2Checkpoints", "ShardedFilename",
			"ShardedFilespec", "LoadAndRemapMatrix", "GenerateVocabRemapping", "InitializeTableFromTextFile",
			"InitializeTableFromTextFileV2", "PrintV2", "DecodeProtoV2", "FileSystemSetConfiguration",
			"TFRecordReader", "TFRecordReaderV2", "TextLineReader", "TextLineReaderV2", "WholeFileReader",
			"WholeFileReaderV2", "FixedLengthRecordReader", "FixedLengthRecordReaderV2", "LMDBReader", "IdentityReader",
			"IdentityReaderV2", "TFRecordDataset", "TFRecordDatasetV2", "TextLineDataset", "FixedLengthRecordDataset",
			"FixedLengthRecordDatasetV2", "CSVDataset", "CSVDatasetV2", "ExperimentalCSVDataset", "LMDBDataset",
			"ExperimentalLMDBDataset", "SqlDataset", "ExperimentalSqlDataset", "DatasetToTFRecord",
			"ExperimentalDatasetToTFRecord", "SaveDataset", "SaveDatasetV2", "LoadDataset", "SnapshotDataset",
			"SnapshotDatasetV2", "CacheDataset", "CacheDatasetV2");
		put(denied, "summaries and debugging", "CreateSummaryFileWriter", "CreateSummaryDbWriter", "SummaryWriter",
			"WriteSummary", "WriteScalarSummary", "WriteHistogramSummary", "WriteImageSummary", "WriteAudioSummary",
			"WriteGraphSummary", "WriteRawProtoSummary", "ImportEvent", "FlushSummaryWriter", "CloseSummaryWriter",
			"DebugIdentity", "DebugIdentityV2", "DebugIdentityV3", "DebugNanCount", "DebugNumericSummary",
			"DebugNumericSummaryV2");
		put(denied, "Python", "PyFunc", "PyFuncStateless", "EagerPyFunc");
		put(denied, "network", "Rpc", "TryRpc", "Send", "Recv", "_Send", "_Recv", "_HostSend", "_HostRecv",
			"DataServiceDataset", "DataServiceDatasetV2", "DataServiceDatasetV3", "DataServiceDatasetV4",
			"RegisterDataset", "RegisterDatasetV2", "CollectiveReduce", "CollectiveReduceV2", "CollectiveGather",
			"CollectiveGatherV2", "CollectiveBcastSend", "CollectiveBcastRecv");
		return Map.copyOf(denied);
	}

	private static void put(Map<String, String> map, String what, String... ops) {
		for (String op : ops)
			map.put(op, what);
	}
}
