// Every verifier rule of the graph-level ops, one case each.
// RUN: eyeriss-opt %s -split-input-file -verify-diagnostics

func.func @constant_not_elements() {
  // expected-error @+1 {{attribute 'value' failed to satisfy constraint: constant vector/tensor attribute}}
  %0 = "eyeriss.constant"() {value = 1.0 : f32} : () -> tensor<f32>
  return
}

// -----

func.func @constant_type_mismatch() {
  // expected-error @+1 {{failed to verify that all of {value, result} have same type}}
  %0 = "eyeriss.constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<3xf32>
  return
}

// -----

func.func @conv_dynamic_shape(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{operand #0 must be statically shaped 4-D tensor}}
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_rank(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{operand #0 must be statically shaped 4-D tensor}}
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_stride_count(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements}}
  %0 = eyeriss.conv2d %x, %w strides [1, 1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_stride_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements whose value is positive}}
  %0 = eyeriss.conv2d %x, %w strides [0, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_pad_negative(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{attribute 'pads' failed to satisfy constraint: i64 dense array attribute with exactly 4 elements whose value is non-negative}}
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, -1, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_dilation_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{attribute 'dilations' failed to satisfy constraint}}
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 0] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_groups_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 0
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_element_type(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xi16>) {
  // expected-error @+1 {{element type 'i16' differs from the input element type 'f32'}}
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xi16>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_channels_not_divisible(%x: tensor<1x3x8x8xf32>, %w: tensor<4x1x3x3xf32>) {
  // expected-error @+1 {{input channels C = 3 are not divisible by groups = 2}}
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 2
      : (tensor<1x3x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_filters_not_divisible(%x: tensor<1x4x8x8xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{filters M = 3 are not divisible by groups = 2}}
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 2
      : (tensor<1x4x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

// Ungrouped filters on a grouped layer: the mistake grouped AlexNet invites.
func.func @conv_filter_channels(%x: tensor<4x96x27x27xf32>, %w: tensor<256x96x5x5xf32>) {
  // expected-error @+1 {{filter has 96 channels but input channels C = 96 / groups = 2 give 48}}
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [2, 2, 2, 2] dilations [1, 1] groups 2
      : (tensor<4x96x27x27xf32>, tensor<256x96x5x5xf32>) -> tensor<4x256x27x27xf32>
  return
}

// -----

func.func @conv_bias_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{bias has 3 elements but there are M = 4 filters}}
  %0 = eyeriss.conv2d %x, %w, %b strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_batch(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{result batch N = 2 differs from input batch N = 1}}
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x6x6xf32>
  return
}

// -----

func.func @conv_result_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{result channels 5 differ from the number of filters M = 4}}
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x5x6x6xf32>
  return
}

// -----

func.func @conv_filter_too_tall(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x5x3xf32>) {
  // expected-error @+1 {{window filter height R = 5 (dilation 2) does not fit the padded input height H = 8 + 0 + 0}}
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 0, 0, 0] dilations [2, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x5x3xf32>) -> tensor<1x4x1x6xf32>
  return
}

// -----

// AlexNet CONV1 with the frequently mistyped 224x224 input.
func.func @conv_height(%x: tensor<4x3x224x224xf32>, %w: tensor<96x3x11x11xf32>) {
  // expected-error @+1 {{result height E is 55 but input height H = 224, filter height R = 11, stride 4, pads 0/0, dilation 1 give 54}}
  %0 = eyeriss.conv2d %x, %w strides [4, 4] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<4x3x224x224xf32>, tensor<96x3x11x11xf32>) -> tensor<4x96x55x55xf32>
  return
}

// -----

func.func @conv_width(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{result width F is 6 but input width W = 8, filter width S = 3, stride 1, pads 1/1, dilation 1 give 8}}
  %0 = eyeriss.conv2d %x, %w strides [1, 1] pads [0, 1, 0, 1] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @fc_element_type(%x: tensor<4x16xf32>, %w: tensor<8x16xf16>) {
  // expected-error @+1 {{element type 'f16' differs from the input element type 'f32'}}
  %0 = eyeriss.fc %x, %w : (tensor<4x16xf32>, tensor<8x16xf16>) -> tensor<4x8xf32>
  return
}

// -----

func.func @fc_features(%x: tensor<4x16xf32>, %w: tensor<8x15xf32>) {
  // expected-error @+1 {{weight rows have 15 elements but input has 16 features}}
  %0 = eyeriss.fc %x, %w : (tensor<4x16xf32>, tensor<8x15xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @fc_bias(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{bias has 16 elements but there are M = 8 filters}}
  %0 = eyeriss.fc %x, %w, %b : (tensor<4x16xf32>, tensor<8x16xf32>, tensor<16xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @fc_result(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>) {
  // expected-error @+1 {{result shape 4x16 should be batch x filters = 4x8}}
  %0 = eyeriss.fc %x, %w : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @fc_rank(%x: tensor<4x16x1x1xf32>, %w: tensor<8x16xf32>) {
  // expected-error @+1 {{operand #0 must be statically shaped 2-D tensor}}
  %0 = eyeriss.fc %x, %w : (tensor<4x16x1x1xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @pool_element_type(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{result element type 'f16' differs from the input element type 'f32'}}
  %0 = eyeriss.max_pool %x kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0]
      : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf16>
  return
}

// -----

func.func @pool_channels(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{result batch and channels 1x3 differ from the input's 1x4}}
  %0 = eyeriss.max_pool %x kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0]
      : tensor<1x4x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @pool_pad_too_large(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{pad 2 is not smaller than the kernel width 2}}
  %0 = eyeriss.avg_pool %x kernel [2, 2] strides [2, 2] pads [0, 0, 0, 2]
      : tensor<1x4x8x8xf32> -> tensor<1x4x4x5xf32>
  return
}

// -----

func.func @pool_window_too_large(%x: tensor<1x4x2x2xf32>) {
  // expected-error @+1 {{window kernel height = 3 (dilation 1) does not fit the padded input height = 2 + 0 + 0}}
  %0 = eyeriss.max_pool %x kernel [3, 1] strides [1, 1] pads [0, 0, 0, 0]
      : tensor<1x4x2x2xf32> -> tensor<1x4x1x2xf32>
  return
}

// -----

// Without ceil_mode the last partial window is dropped.
func.func @pool_height_floor(%x: tensor<1x64x112x112xf32>) {
  // expected-error @+1 {{result height is 56 but input height = 112, kernel height = 3, stride 2, pads 0/0, dilation 1 give 55}}
  %0 = eyeriss.max_pool %x kernel [3, 3] strides [2, 2] pads [0, 0, 0, 0]
      : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
  return
}

// -----

func.func @pool_width_ceil(%x: tensor<1x64x112x112xf32>) {
  // expected-error @+1 {{result width is 55 but input width = 112, kernel width = 3, stride 2, pads 0/0, dilation 1, ceil mode give 56}}
  %0 = eyeriss.max_pool %x kernel [3, 3] strides [2, 2] pads [0, 0, 0, 0] ceil_mode
      : tensor<1x64x112x112xf32> -> tensor<1x64x56x55xf32>
  return
}

// -----

func.func @global_avg_pool_element_type(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{result element type 'i16' differs from the input element type 'f32'}}
  %0 = eyeriss.global_avg_pool %x : tensor<1x4x8x8xf32> -> tensor<1x4x1x1xi16>
  return
}

// -----

func.func @global_avg_pool_shape(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{result shape should be 1x4x1x1 (one value per channel plane)}}
  %0 = eyeriss.global_avg_pool %x : tensor<1x4x8x8xf32> -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @lrn_even_size(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{size 4 must be odd so the channel window is centred}}
  %0 = eyeriss.lrn %x size 4 alpha 1.0e-04 beta 0.75 bias 2.0 : tensor<1x4x8x8xf32>
  return
}

// -----

func.func @lrn_negative_alpha(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{alpha must be non-negative}}
  %0 = eyeriss.lrn %x size 5 alpha -1.0 beta 0.75 bias 2.0 : tensor<1x4x8x8xf32>
  return
}

// -----

func.func @lrn_zero_bias(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{bias must be positive}}
  %0 = eyeriss.lrn %x size 5 alpha 1.0e-04 beta 0.75 bias 0.0 : tensor<1x4x8x8xf32>
  return
}

// -----

func.func @lrn_zero_size(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{attribute 'size' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1}}
  %0 = eyeriss.lrn %x size 0 alpha 1.0e-04 beta 0.75 bias 2.0 : tensor<1x4x8x8xf32>
  return
}

// -----

func.func @batch_norm_size(%x: tensor<1x4x8x8xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{parameters have 3 elements but the input has C = 4 channels}}
  %0 = eyeriss.batch_norm %x, %p, %p, %p, %p epsilon 1.0e-05 : tensor<1x4x8x8xf32>, tensor<3xf32>
  return
}

// -----

func.func @batch_norm_element_type(%x: tensor<1x4x8x8xf32>, %p: tensor<4xf16>) {
  // expected-error @+1 {{element type 'f16' differs from the input element type 'f32'}}
  %0 = eyeriss.batch_norm %x, %p, %p, %p, %p epsilon 1.0e-05 : tensor<1x4x8x8xf32>, tensor<4xf16>
  return
}

// -----

func.func @batch_norm_param_types(%x: tensor<1x4x8x8xf32>, %p: tensor<4xf32>, %q: tensor<5xf32>) {
  // expected-error @+1 {{failed to verify that all of {scale, bias, mean, variance} have same type}}
  %0 = "eyeriss.batch_norm"(%x, %p, %p, %p, %q) {epsilon = 1.0e-05 : f32}
      : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<5xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @batch_norm_negative_epsilon(%x: tensor<1x4x8x8xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'epsilon' failed to satisfy constraint: 32-bit float attribute whose value is non-negative}}
  %0 = eyeriss.batch_norm %x, %p, %p, %p, %p epsilon -1.0 : tensor<1x4x8x8xf32>, tensor<4xf32>
  return
}

// -----

func.func @relu_type(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "eyeriss.relu"(%x) : (tensor<1x4xf32>) -> tensor<1x5xf32>
  return
}

// -----

func.func @clip_bounds(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{min 6.000000e+00 is greater than max 0.000000e+00}}
  %0 = eyeriss.clip %x min 6.0 max 0.0 : tensor<1x4xf32>
  return
}

// -----

func.func @softmax_axis(%x: tensor<4x1000xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = eyeriss.softmax %x axis 2 : tensor<4x1000xf32>
  return
}

// -----

func.func @add_types(%a: tensor<1x4xf32>, %b: tensor<1x5xf32>) {
  // expected-error @+1 {{operand shapes 1x4 and 1x5 do not broadcast}}
  %0 = "eyeriss.add"(%a, %b) : (tensor<1x4xf32>, tensor<1x5xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @add_broadcast_result(%a: tensor<1x3x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{result shape 3x4 is not the broadcast shape 1x3x4}}
  %0 = eyeriss.add %a, %b : (tensor<1x3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @add_element_type(%a: tensor<4xf32>, %b: tensor<4xf16>) {
  // expected-error @+1 {{element type 'f16' differs from the result element type 'f32'}}
  %0 = eyeriss.add %a, %b : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @matmul_inner(%a: tensor<3x4xf32>, %b: tensor<5x6xf32>) {
  // expected-error @+1 {{lhs 3x4 has K = 4 columns but rhs 5x6 has 5 rows}}
  %0 = eyeriss.matmul %a, %b : (tensor<3x4xf32>, tensor<5x6xf32>) -> tensor<3x6xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x6xf32>) {
  // expected-error @+1 {{batch dimensions 2 and 3 do not broadcast}}
  %0 = eyeriss.matmul %a, %b : (tensor<2x3x4xf32>, tensor<3x4x6xf32>) -> tensor<2x3x6xf32>
  return
}

// -----

func.func @matmul_result(%a: tensor<2x3x4xf32>, %b: tensor<4x6xf32>) {
  // expected-error @+1 {{result shape 3x6 is not 2x3x6}}
  %0 = eyeriss.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x6xf32>) -> tensor<3x6xf32>
  return
}

// -----

func.func @matmul_rank(%a: tensor<4xf32>, %b: tensor<4x6xf32>) {
  // expected-error @+1 {{operands must have rank 2 or more, not 1 and 2}}
  %0 = eyeriss.matmul %a, %b : (tensor<4xf32>, tensor<4x6xf32>) -> tensor<6xf32>
  return
}

// -----

func.func @layer_norm_axis(%x: tensor<1x3x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{axis 3 is out of range for rank 3}}
  %0 = eyeriss.layer_norm %x, %g, %g axis 3 epsilon 1.0e-05 : tensor<1x3x4xf32>, tensor<4xf32>
  return
}

// -----

func.func @layer_norm_params(%x: tensor<1x3x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{scale and bias have shape 4 but the normalized dimensions (1 to the last) of the input are 3x4}}
  %0 = eyeriss.layer_norm %x, %g, %g axis 1 epsilon 1.0e-05 : tensor<1x3x4xf32>, tensor<4xf32>
  return
}

// -----

func.func @layer_norm_epsilon(%x: tensor<1x3x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'epsilon' failed to satisfy constraint}}
  %0 = eyeriss.layer_norm %x, %g, %g axis 2 epsilon -1.0 : tensor<1x3x4xf32>, tensor<4xf32>
  return
}

// -----

func.func @concat_empty() {
  // expected-error @+1 {{needs at least one input}}
  %0 = "eyeriss.concat"() {axis = 0 : i64} : () -> tensor<1xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<1x4xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = eyeriss.concat %a axis 2 : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @concat_element_type(%a: tensor<1x4xf32>, %b: tensor<1x4xf16>) {
  // expected-error @+1 {{element type 'f16' differs from the result element type 'f32'}}
  %0 = eyeriss.concat %a, %b axis 1 : (tensor<1x4xf32>, tensor<1x4xf16>) -> tensor<1x8xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<1x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{input #1 has rank 1 but the result has rank 2}}
  %0 = eyeriss.concat %a, %b axis 1 : (tensor<1x4xf32>, tensor<4xf32>) -> tensor<1x8xf32>
  return
}

// -----

func.func @concat_other_dim(%a: tensor<1x4x8x8xf32>, %b: tensor<1x4x7x8xf32>) {
  // expected-error @+1 {{input #1 dimension 2 is 7 but the result's is 8 (only the axis may differ)}}
  %0 = eyeriss.concat %a, %b axis 1 : (tensor<1x4x8x8xf32>, tensor<1x4x7x8xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @concat_sum(%a: tensor<1x4xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+1 {{result dimension 1 is 9 but the inputs add up to 8}}
  %0 = eyeriss.concat %a, %b axis 1 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x9xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<4x256x6x6xf32>) {
  // expected-error @+1 {{result has 36000 elements but the input has 36864}}
  %0 = eyeriss.reshape %x : tensor<4x256x6x6xf32> -> tensor<4x9000xf32>
  return
}

// -----

func.func @reshape_element_type(%x: tensor<2x2xf32>) {
  // expected-error @+1 {{element type 'i16' differs from the input element type 'f32'}}
  %0 = eyeriss.reshape %x : tensor<2x2xf32> -> tensor<4xi16>
  return
}

// -----

func.func @flatten_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{axis 3 is out of range for rank 2}}
  %0 = eyeriss.flatten %x axis 3 : tensor<2x3xf32> -> tensor<1x6xf32>
  return
}

// -----

func.func @flatten_shape(%x: tensor<4x256x6x6xf32>) {
  // expected-error @+1 {{result shape 4x9216 should be 1024x36 for axis 2}}
  %0 = eyeriss.flatten %x axis 2 : tensor<4x256x6x6xf32> -> tensor<4x9216xf32>
  return
}

// -----

func.func @flatten_element_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{element type 'i32' differs from the input element type 'f32'}}
  %0 = eyeriss.flatten %x axis 1 : tensor<2x3xf32> -> tensor<2x3xi32>
  return
}

// -----

func.func @gemm_element_type(%a: tensor<2x3xf32>, %b: tensor<3x4xf16>) {
  // expected-error @+1 {{element type 'f16' differs from the a element type 'f32'}}
  %0 = eyeriss.gemm %a, %b alpha 1.0 beta 1.0 : (tensor<2x3xf32>, tensor<3x4xf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gemm_inner(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{inner dimensions differ: op(a) is 2x3 but op(b) is 4x3}}
  %0 = eyeriss.gemm %a, %b alpha 1.0 beta 1.0 : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @gemm_result(%a: tensor<3x2xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{result shape 3x4 should be 2x4}}
  %0 = eyeriss.gemm %a, %b alpha 1.0 beta 1.0 trans_a trans_b : (tensor<3x2xf32>, tensor<4x3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @gemm_broadcast(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<3xf32>) {
  // expected-error @+1 {{c does not broadcast to the 2x4 result}}
  %0 = eyeriss.gemm %a, %b, %c alpha 1.0 beta 1.0 : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @identity_type(%x: tensor<2xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "eyeriss.identity"(%x) : (tensor<2xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @dropout_ratio(%x: tensor<2xf32>) {
  // expected-error @+1 {{ratio 1.000000e+00 is outside [0, 1)}}
  %0 = eyeriss.dropout %x ratio 1.0 : tensor<2xf32>
  return
}

// -----

func.func @mul_no_broadcast(%a: tensor<1x4x5x5xf32>, %b: tensor<1x3x1x1xf32>) {
  // expected-error @+1 {{operand shapes 1x4x5x5 and 1x3x1x1 do not broadcast (aligned at the last dimension, each pair must be equal or 1)}}
  %0 = eyeriss.mul %a, %b : (tensor<1x4x5x5xf32>, tensor<1x3x1x1xf32>) -> tensor<1x4x5x5xf32>
  return
}

// -----

func.func @mul_result_shape(%a: tensor<4x5xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{result shape 1x4x5 is not the broadcast shape 4x5}}
  %0 = eyeriss.mul %a, %b : (tensor<4x5xf32>, tensor<5xf32>) -> tensor<1x4x5xf32>
  return
}

// -----

func.func @mul_element_type(%a: tensor<4xf32>, %b: tensor<4xf16>) {
  // expected-error @+1 {{element type 'f16' differs from the result element type 'f32'}}
  %0 = eyeriss.mul %a, %b : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @pad_result_shape(%x: tensor<1x4x5x5xf32>) {
  // expected-error @+1 {{result shape 1x4x7x7 should be 1x4x7x8 (the input 1x4x5x5 with pads [top, left, bottom, right] = [1, 1, 1, 2])}}
  %0 = eyeriss.pad %x pads [1, 1, 1, 2] : tensor<1x4x5x5xf32> -> tensor<1x4x7x7xf32>
  return
}

// -----

func.func @pad_negative(%x: tensor<1x4x5x5xf32>) {
  // expected-error @+1 {{'pads' failed to satisfy constraint}}
  %0 = eyeriss.pad %x pads [-1, 0, 0, 0] : tensor<1x4x5x5xf32> -> tensor<1x4x4x5xf32>
  return
}

// -----

func.func @sigmoid_type(%x: tensor<2xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "eyeriss.sigmoid"(%x) : (tensor<2xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @slice_axis(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{axis 4 is out of range for rank 4}}
  %0 = eyeriss.slice %x axis 4 start 0 step 1 : tensor<1x4x3x3xf32> -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @slice_other_dim(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{result shape 1x2x3x2 differs from the input's 1x4x3x3 in dimension 3, which is not the axis}}
  %0 = eyeriss.slice %x axis 1 start 0 step 1 : tensor<1x4x3x3xf32> -> tensor<1x2x3x2xf32>
  return
}

// -----

func.func @slice_past_end(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{2 elements from 1 in steps of 3 leave the input's range [0, 4) on axis 1}}
  %0 = eyeriss.slice %x axis 1 start 1 step 3 : tensor<1x4x3x3xf32> -> tensor<1x2x3x3xf32>
  return
}

// -----

func.func @slice_past_zero(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{3 elements from 2 in steps of -2 leave the input's range [0, 4) on axis 1}}
  %0 = eyeriss.slice %x axis 1 start 2 step -2 : tensor<1x4x3x3xf32> -> tensor<1x3x3x3xf32>
  return
}

// -----

func.func @slice_huge_step(%x: tensor<1x4x3x3xf32>) {
  // The bound is checked by division: this step's product would overflow.
  // expected-error @+1 {{2 elements from 3 in steps of -9223372036854775808 leave the input's range [0, 4) on axis 1}}
  %0 = eyeriss.slice %x axis 1 start 3 step -9223372036854775808 : tensor<1x4x3x3xf32> -> tensor<1x2x3x3xf32>
  return
}

// -----

func.func @slice_start_past_end(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{start 4 is past the input's extent 4 on axis 1}}
  %0 = eyeriss.slice %x axis 1 start 4 step -1 : tensor<1x4x3x3xf32> -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @slice_step_zero(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{attribute 'step' failed to satisfy constraint: 64-bit signless integer attribute whose value is not 0}}
  %0 = eyeriss.slice %x axis 1 start 0 step 0 : tensor<1x4x3x3xf32> -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @slice_empty(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{result keeps no element of axis 1}}
  %0 = eyeriss.slice %x axis 1 start 0 step 1 : tensor<1x4x3x3xf32> -> tensor<1x0x3x3xf32>
  return
}

// -----

func.func @slice_step(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{'step' failed to satisfy constraint}}
  %0 = eyeriss.slice %x axis 1 start 0 step 0 : tensor<1x4x3x3xf32> -> tensor<1x2x3x3xf32>
  return
}

// -----

func.func @transpose_not_permutation(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{perm [0, 1, 1, 3] is not a permutation of 0..3}}
  %0 = eyeriss.transpose %x perm [0, 1, 1, 3] : tensor<1x4x3x3xf32> -> tensor<1x4x4x3xf32>
  return
}

// -----

func.func @transpose_shape(%x: tensor<1x4x3x5xf32>) {
  // expected-error @+1 {{result shape 1x3x4x5 should be 1x5x3x4 (the input 1x4x3x5 permuted by perm)}}
  %0 = eyeriss.transpose %x perm [0, 3, 2, 1] : tensor<1x4x3x5xf32> -> tensor<1x3x4x5xf32>
  return
}

// -----

func.func @transpose_rank(%x: tensor<1x4x3x5xf32>) {
  // expected-error @+1 {{perm has 3 entries but the input has rank 4}}
  %0 = eyeriss.transpose %x perm [0, 2, 1] : tensor<1x4x3x5xf32> -> tensor<1x3x4xf32>
  return
}

// -----

func.func @channel_shuffle_groups(%x: tensor<1x6x3x3xf32>) {
  // expected-error @+1 {{groups 4 does not divide the 6 channels}}
  %0 = eyeriss.channel_shuffle %x groups 4 : tensor<1x6x3x3xf32>
  return
}

// -----

func.func @resize_rank(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{result has rank 3 but the input has rank 4}}
  %0 = eyeriss.resize %x nearest half_pixel : tensor<1x4x3x3xf32> -> tensor<1x6x6xf32>
  return
}

// -----

func.func @resize_scales_count(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{scales has 2 values but the input has rank 4}}
  %0 = eyeriss.resize %x nearest half_pixel scales [2.0, 2.0] : tensor<1x4x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @resize_scale_positive(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{scale -2.000000e+00 of dimension 2 must be positive and finite}}
  %0 = eyeriss.resize %x nearest half_pixel scales [1.0, 1.0, -2.0, 2.0] : tensor<1x4x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @resize_extent(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{result extent 7 of dimension 3 should be floor(3 * 2.000000e+00) = 6}}
  %0 = eyeriss.resize %x nearest half_pixel scales [1.0, 1.0, 2.0, 2.0] : tensor<1x4x3x3xf32> -> tensor<1x4x6x7xf32>
  return
}

// -----

func.func @resize_roi_needed(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{tf_crop_and_resize needs a roi}}
  %0 = eyeriss.resize %x linear tf_crop_and_resize : tensor<1x4x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @resize_roi_unread(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{a roi is only read by tf_crop_and_resize}}
  %0 = eyeriss.resize %x linear half_pixel roi [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0] : tensor<1x4x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @resize_roi_count(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{roi has 4 values; a rank-4 input needs 8 (every start, then every end)}}
  %0 = eyeriss.resize %x linear tf_crop_and_resize roi [0.0, 0.0, 1.0, 1.0] : tensor<1x4x3x3xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @resize_element_type(%x: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{element type 'f16' differs from the input element type 'f32'}}
  %0 = eyeriss.resize %x nearest half_pixel : tensor<1x4x3x3xf32> -> tensor<1x4x6x6xf16>
  return
}

// -----

func.func @cumsum_axis(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{axis 2 is outside the input's rank 2}}
  %0 = eyeriss.cumsum %x axis 2 : tensor<1x4xf32>
  return
}

// -----

func.func @isinf_flags(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{isinf's alpha (detect -inf) 1.000000e+00 and beta (detect +inf) 5.000000e-01 must be 0 or 1}}
  %0 = eyeriss.unary isinf %x alpha 1.0 beta 0.5 : tensor<1x4xf32>
  return
}

// -----

func.func @unary_alpha_unused(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{tanh takes no alpha; it must be 0}}
  %0 = eyeriss.unary tanh %x alpha 1.0 : tensor<1x4xf32>
  return
}

// -----

func.func @unary_beta_unused(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{elu takes no beta; it must be 0}}
  %0 = eyeriss.unary elu %x alpha 1.0 beta 2.0 : tensor<1x4xf32>
  return
}

// -----

func.func @unary_celu_zero(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{celu divides by alpha, which must not be 0}}
  %0 = eyeriss.unary celu %x : tensor<1x4xf32>
  return
}

// -----

func.func @fake_quant_scale(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{fake_quant_u8 scale (alpha) 0.000000e+00 must be positive}}
  %0 = eyeriss.unary fake_quant_u8 %x beta 3.0 : tensor<1x4xf32>
  return
}

// -----

func.func @fake_quant_zero_point_range(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{fake_quant_i8 zero point (beta) 1.280000e+02 must be an integer in [-128, 127]}}
  %0 = eyeriss.unary fake_quant_i8 %x alpha 0.5 beta 128.0 : tensor<1x4xf32>
  return
}

// -----

func.func @fake_quant_zero_point_integer(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{fake_quant_u8 zero point (beta) 2.500000e+00 must be an integer in [0, 255]}}
  %0 = eyeriss.unary fake_quant_u8 %x alpha 0.5 beta 2.5 : tensor<1x4xf32>
  return
}

// -----

func.func @unary_infinite(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{alpha INF and beta 0.000000e+00 must be finite}}
  %0 = eyeriss.unary leaky_relu %x alpha 0x7F800000 : tensor<1x4xf32>
  return
}

// -----

func.func @binary_broadcast(%a: tensor<1x4xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{operand shapes 1x4 and 3 do not broadcast}}
  %0 = eyeriss.binary max %a, %b : (tensor<1x4xf32>, tensor<3xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @binary_integers_comparison(%a: tensor<4xf32>) {
  // expected-error @+1 {{'equal' is not integer arithmetic (add, sub, mul, div, pow, max, min, mod, fmod are)}}
  %0 = eyeriss.binary equal %a, %a integers i64 : tensor<4xf32>
  return
}

// -----

func.func @binary_integer_type(%a: tensor<4xf32>) {
  // expected-error @+1 {{integer type 'i1' is not one of i64, i32, ui8, i8, ui16, i16, ui32, ui64}}
  %0 = eyeriss.binary add %a, %a integers i1 : tensor<4xf32>
  return
}

// -----

func.func @binary_float_add(%a: tensor<4xf32>) {
  // expected-error @+1 {{'add' needs 'integers' (float sums and products are eyeriss.add and eyeriss.mul)}}
  %0 = eyeriss.binary add %a, %a : tensor<4xf32>
  return
}

// -----

func.func @insert_zeros_shape(%x: tensor<1x4x3x5xf32>) {
  // expected-error @+1 {{result shape 1x4x6x13 should be 1x4x5x13 (the input 1x4x3x5 with factors 2 x 3)}}
  %0 = eyeriss.insert_zeros %x factors [2, 3] : tensor<1x4x3x5xf32> -> tensor<1x4x6x13xf32>
  return
}

// -----

func.func @insert_zeros_factor(%x: tensor<1x4x3x5xf32>) {
  // expected-error @+1 {{attribute 'factors' failed to satisfy constraint}}
  %0 = eyeriss.insert_zeros %x factors [0, 3] : tensor<1x4x3x5xf32> -> tensor<1x4x1x13xf32>
  return
}

// -----

func.func @reduce_axes_order(%x: tensor<1x8x5x5xf32>) {
  // expected-error @+1 {{axes [3, 1] must increase within the input's rank 4}}
  %0 = eyeriss.reduce sum %x axes [3, 1] : tensor<1x8x5x5xf32> -> tensor<1x5xf32>
  return
}

// -----

func.func @reduce_no_axis(%x: tensor<1x8x5x5xf32>) {
  // expected-error @+1 {{reduces no axis}}
  %0 = eyeriss.reduce sum %x axes [] : tensor<1x8x5x5xf32> -> tensor<1x8x5x5xf32>
  return
}

// -----

func.func @reduce_shape(%x: tensor<1x8x5x5xf32>) {
  // expected-error @+1 {{result shape 1x8x5 should be 1x8x1x5}}
  %0 = eyeriss.reduce mean %x axes [2] keepdims : tensor<1x8x5x5xf32> -> tensor<1x8x5xf32>
  return
}

// -----

func.func @pad_reflect_too_far(%x: tensor<1x2x3x4xf32>) {
  // expected-error @+1 {{reflect padding of 3 on H needs at most 2 (the extent 3 less one)}}
  %0 = eyeriss.pad %x mode reflect pads [3, 0, 0, 0] : tensor<1x2x3x4xf32> -> tensor<1x2x6x4xf32>
  return
}

// -----

func.func @pad_edge_value(%x: tensor<1x2x3x4xf32>) {
  // expected-error @+1 {{edge padding takes no value; it must be 0}}
  %0 = eyeriss.pad %x mode edge pads [1, 0, 0, 0] value 2.0 : tensor<1x2x3x4xf32> -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @select_broadcast(%c: tensor<2x3xf32>, %a: tensor<4xf32>, %b: tensor<f32>) {
  // expected-error @+1 {{operand shapes 2x3, 4 and scalar do not broadcast}}
  %0 = eyeriss.select %c, %a, %b : (tensor<2x3xf32>, tensor<4xf32>, tensor<f32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @select_result(%c: tensor<2x1xf32>, %a: tensor<3xf32>, %b: tensor<f32>) {
  // expected-error @+1 {{result shape 2x1 is not the broadcast shape 2x3}}
  %0 = eyeriss.select %c, %a, %b : (tensor<2x1xf32>, tensor<3xf32>, tensor<f32>) -> tensor<2x1xf32>
  return
}

// -----

func.func @gather_shape(%t: tensor<10x4xf32>, %ids: tensor<2x3xf32>) {
  // expected-error @+1 {{the result's shape must be 2x3x4 (data's with axis 0 replaced by the indices' shape), got 2x3x5}}
  %0 = eyeriss.gather %t[%ids] axis 0 : (tensor<10x4xf32>, tensor<2x3xf32>) -> tensor<2x3x5xf32>
  return
}

// -----

func.func @gather_axis(%t: tensor<10x4xf32>, %ids: tensor<2xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = eyeriss.gather %t[%ids] axis 2 : (tensor<10x4xf32>, tensor<2xf32>) -> tensor<10x4xf32>
  return
}

// -----

func.func @gather_fixed_point_indices(%t: tensor<10x4xf32>, %ids: tensor<2xi16>) {
  // expected-error @+1 {{indices must be an f32 tensor (whole numbers), got 'tensor<2xi16>'}}
  %0 = eyeriss.gather %t[%ids] axis 0 : (tensor<10x4xf32>, tensor<2xi16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @expand_not_broadcast(%x: tensor<3x2xf32>) {
  // expected-error @+1 {{the input 3x2 does not broadcast to the result 2x3x4}}
  %0 = eyeriss.expand %x : tensor<3x2xf32> -> tensor<2x3x4xf32>
  return
}

// -----

func.func @expand_lower_rank(%x: tensor<1x3x1xf32>) {
  // expected-error @+1 {{the input 1x3x1 does not broadcast to the result 3x4}}
  %0 = eyeriss.expand %x : tensor<1x3x1xf32> -> tensor<3x4xf32>
  return
}

// -----

func.func @pad_edge_empty(%x: tensor<1x2x0x4xf32>) {
  // expected-error @+1 {{edge padding of an empty H has no element to repeat}}
  %0 = eyeriss.pad %x mode edge pads [1, 0, 0, 0] : tensor<1x2x0x4xf32> -> tensor<1x2x1x4xf32>
  return
}

// -----

// The function argument and result attributes: eyeriss.name is a string,
// eyeriss.host_format one of f16, bf16, f64, i64, i32, i1, ui8, i8, ui16,
// i16, ui32, ui64 on an f32 tensor, and nothing else of the dialect.
// expected-error @+1 {{'eyeriss.host_format' of argument #0 must be f16, bf16, f64, i64, i32, i1, ui8, i8, ui16, i16, ui32 or ui64, got si8}}
func.func @host_format_integer(%x: tensor<2xf32> {eyeriss.host_format = si8}) {
  return
}

// -----

// expected-error @+1 {{'eyeriss.host_format' of result #0 must be f16, bf16, f64, i64, i32, i1, ui8, i8, ui16, i16, ui32 or ui64, got "f16"}}
func.func @host_format_string(%x: tensor<2xf32>) -> (tensor<2xf32> {eyeriss.host_format = "f16"}) {
  return %x : tensor<2xf32>
}

// -----

// expected-error @+1 {{'eyeriss.host_format' on argument #0 of type 'tensor<2xf16>'; only f32 tensors have a host format}}
func.func @host_format_not_f32(%x: tensor<2xf16> {eyeriss.host_format = f16}) {
  return
}

// -----

// expected-error @+1 {{'eyeriss.name' of argument #0 must be a string}}
func.func @name_not_string(%x: tensor<2xf32> {eyeriss.name = 3 : i32}) {
  return
}

// -----

// expected-error @+1 {{unknown eyeriss attribute 'eyeriss.colour' on result #0}}
func.func @unknown_result_attribute(%x: tensor<2xf32>) -> (tensor<2xf32> {eyeriss.colour = "red"}) {
  return %x : tensor<2xf32>
}

// -----

// Signed integer types are not host formats: ONNX's signed types are
// signless (i32), its unsigned ones unsigned (ui32).
// expected-error @+1 {{'eyeriss.host_format' of argument #0 must be f16, bf16, f64, i64, i32, i1, ui8, i8, ui16, i16, ui32 or ui64, got si32}}
func.func @host_format_signed(%x: tensor<2xf32> {eyeriss.host_format = si32}) {
  return
}

// -----

func.func @argmax_two_axes(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{argmax takes one axis, got [1, 2]}}
  %0 = eyeriss.reduce argmax %x axes [1, 2] : tensor<2x3x4xf32> -> tensor<2xf32>
  return
}

// -----

func.func @argmin_long_axis(%x: tensor<1x16777217xf32>) {
  // expected-error @+1 {{argmin_last over an axis of 16777217 elements; f32 holds indices below 2^24 exactly}}
  %0 = eyeriss.reduce argmin_last %x axes [1] : tensor<1x16777217xf32> -> tensor<1xf32>
  return
}

// -----

func.func @gather_elements_larger_indices(%x: tensor<2x5xf32>, %i: tensor<3x2xf32>) {
  // expected-error @+1 {{the indices (3x2) are larger than the data (2x5) in dimension 0}}
  %0 = eyeriss.gather_elements %x[%i] axis 1 : (tensor<2x5xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @gather_elements_result(%x: tensor<2x5xf32>, %i: tensor<2x3xf32>) {
  // expected-error @+1 {{the result must be shaped as the indices (2x3), got 2x5}}
  %0 = eyeriss.gather_elements %x[%i] axis 1 : (tensor<2x5xf32>, tensor<2x3xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @scatter_elements_updates(%x: tensor<2x5xf32>, %i: tensor<2x3xf32>, %u: tensor<2x2xf32>) {
  // expected-error @+1 {{the updates (2x2) must be shaped as the indices (2x3)}}
  %0 = eyeriss.scatter_elements none %x[%i] = %u axis 1 : (tensor<2x5xf32>, tensor<2x3xf32>, tensor<2x2xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @gather_nd_tuple(%x: tensor<2x5xf32>, %i: tensor<3x3xf32>) {
  // expected-error @+1 {{the indices' last dimension is 3; it must be 1 to 2 (the data's rank less batch_dims)}}
  %0 = eyeriss.gather_nd %x[%i] batch_dims 0 : (tensor<2x5xf32>, tensor<3x3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @gather_nd_batch(%x: tensor<2x5x4xf32>, %i: tensor<3x1xf32>) {
  // expected-error @+1 {{the first 1 (batch) dimensions of the data (2x5x4) and the indices (3x1) must agree}}
  %0 = eyeriss.gather_nd %x[%i] batch_dims 1 : (tensor<2x5x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @topk_k(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{K (the result's extent along axis 1) is 6; it must be 1 to 5}}
  %0 = eyeriss.topk %x axis 1 : tensor<2x5xf32> -> tensor<2x6xf32>
  return
}

// -----

func.func @topk_shape(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{the result (3x2) must be shaped as the input (2x5) but along axis 1}}
  %0 = eyeriss.topk %x axis 1 : tensor<2x5xf32> -> tensor<3x2xf32>
  return
}

// -----

func.func @scatter_nd_updates(%x: tensor<2x5xf32>, %i: tensor<3x1xf32>, %u: tensor<3x4xf32>) {
  // expected-error @+1 {{the updates (3x4) must be shaped 3x5 (the indices' rows by the data's slices)}}
  %0 = eyeriss.scatter_nd none %x[%i] = %u : (tensor<2x5xf32>, tensor<3x1xf32>, tensor<3x4xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @grid_sample_grid(%x: tensor<2x3x4x5xf32>, %g: tensor<2x6x7x3xf32>) {
  // expected-error @+1 {{the grid must be 2 x Ho x Wo x 2, got 2x6x7x3}}
  %0 = eyeriss.grid_sample bilinear zeros %x, %g : (tensor<2x3x4x5xf32>, tensor<2x6x7x3xf32>) -> tensor<2x3x6x7xf32>
  return
}
