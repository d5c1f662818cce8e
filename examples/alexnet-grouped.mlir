// Grouped AlexNet as Eyeriss ran it (Krizhevsky et al. 2012, the two-GPU
// original: CONV2/4/5 in 2 groups; 227x227 input), batch 4, at the graph
// level. Weights are function arguments so that the sample stays small; the
// ONNX importer produces the same ops with the weights as constants.
// Shapes: JSSC 2017 Table III; CONV MACs add up to Table V's 2.66 G.
func.func @alexnet(%input: tensor<4x3x227x227xf32>,
    %conv1_w: tensor<96x3x11x11xf32>, %conv1_b: tensor<96xf32>,
    %conv2_w: tensor<256x48x5x5xf32>, %conv2_b: tensor<256xf32>,
    %conv3_w: tensor<384x256x3x3xf32>, %conv3_b: tensor<384xf32>,
    %conv4_w: tensor<384x192x3x3xf32>, %conv4_b: tensor<384xf32>,
    %conv5_w: tensor<256x192x3x3xf32>, %conv5_b: tensor<256xf32>,
    %fc6_w: tensor<4096x9216xf32>, %fc6_b: tensor<4096xf32>,
    %fc7_w: tensor<4096x4096xf32>, %fc7_b: tensor<4096xf32>,
    %fc8_w: tensor<1000x4096xf32>, %fc8_b: tensor<1000xf32>) -> tensor<4x1000xf32> {
  %conv1 = eyeriss.conv2d %input, %conv1_w, %conv1_b strides [4, 4] pads [0, 0, 0, 0]
      dilations [1, 1] groups 1 activation relu
      : (tensor<4x3x227x227xf32>, tensor<96x3x11x11xf32>, tensor<96xf32>) -> tensor<4x96x55x55xf32> loc("conv1")
  %norm1 = eyeriss.lrn %conv1 size 5 alpha 1.0e-04 beta 0.75 bias 2.0 : tensor<4x96x55x55xf32> loc("norm1")
  %pool1 = eyeriss.max_pool %norm1 kernel [3, 3] strides [2, 2] pads [0, 0, 0, 0]
      : tensor<4x96x55x55xf32> -> tensor<4x96x27x27xf32> loc("pool1")
  %conv2 = eyeriss.conv2d %pool1, %conv2_w, %conv2_b strides [1, 1] pads [2, 2, 2, 2]
      dilations [1, 1] groups 2 activation relu
      : (tensor<4x96x27x27xf32>, tensor<256x48x5x5xf32>, tensor<256xf32>) -> tensor<4x256x27x27xf32> loc("conv2")
  %norm2 = eyeriss.lrn %conv2 size 5 alpha 1.0e-04 beta 0.75 bias 2.0 : tensor<4x256x27x27xf32> loc("norm2")
  %pool2 = eyeriss.max_pool %norm2 kernel [3, 3] strides [2, 2] pads [0, 0, 0, 0]
      : tensor<4x256x27x27xf32> -> tensor<4x256x13x13xf32> loc("pool2")
  %conv3 = eyeriss.conv2d %pool2, %conv3_w, %conv3_b strides [1, 1] pads [1, 1, 1, 1]
      dilations [1, 1] groups 1 activation relu
      : (tensor<4x256x13x13xf32>, tensor<384x256x3x3xf32>, tensor<384xf32>) -> tensor<4x384x13x13xf32> loc("conv3")
  %conv4 = eyeriss.conv2d %conv3, %conv4_w, %conv4_b strides [1, 1] pads [1, 1, 1, 1]
      dilations [1, 1] groups 2 activation relu
      : (tensor<4x384x13x13xf32>, tensor<384x192x3x3xf32>, tensor<384xf32>) -> tensor<4x384x13x13xf32> loc("conv4")
  %conv5 = eyeriss.conv2d %conv4, %conv5_w, %conv5_b strides [1, 1] pads [1, 1, 1, 1]
      dilations [1, 1] groups 2 activation relu
      : (tensor<4x384x13x13xf32>, tensor<256x192x3x3xf32>, tensor<256xf32>) -> tensor<4x256x13x13xf32> loc("conv5")
  %pool5 = eyeriss.max_pool %conv5 kernel [3, 3] strides [2, 2] pads [0, 0, 0, 0]
      : tensor<4x256x13x13xf32> -> tensor<4x256x6x6xf32> loc("pool5")
  %flat = eyeriss.flatten %pool5 axis 1 : tensor<4x256x6x6xf32> -> tensor<4x9216xf32> loc("flatten")
  %fc6 = eyeriss.fc %flat, %fc6_w, %fc6_b activation relu
      : (tensor<4x9216xf32>, tensor<4096x9216xf32>, tensor<4096xf32>) -> tensor<4x4096xf32> loc("fc6")
  %fc7 = eyeriss.fc %fc6, %fc7_w, %fc7_b activation relu
      : (tensor<4x4096xf32>, tensor<4096x4096xf32>, tensor<4096xf32>) -> tensor<4x4096xf32> loc("fc7")
  %fc8 = eyeriss.fc %fc7, %fc8_w, %fc8_b
      : (tensor<4x4096xf32>, tensor<1000x4096xf32>, tensor<1000xf32>) -> tensor<4x1000xf32> loc("fc8")
  %prob = eyeriss.softmax %fc8 axis 1 : tensor<4x1000xf32> loc("prob")
  return %prob : tensor<4x1000xf32>
}
