#pragma once
// Frame registration (the paper's Methods: "the three to six images were
// registered using normalized cross-correlation and then averaged at each
// tilt angle. Linear stage drift was estimated and corrected"). Each frame
// is cross-correlated with the tilt's first frame (recon/cross_correlation);
// a straight line d_f = c + v f is fitted to the measured shifts; each frame
// is shifted back by its fitted shift relative to the middle frame
// (f = (F − 1)/2) and the frames are averaged. The average thus sits where
// the middle of the exposure saw the specimen.
#include <array>
#include <vector>

#include "core/tilt_series.hpp"

namespace aet::recon {

struct FrameRegistrationOptions {
  int frames_per_tilt = 1;
  double max_shift_px = 16.0;  ///< search range of the cross-correlation
  bool fit_linear_drift = true;  ///< false: each frame moved by its own measured shift
};

struct FrameRegistration {
  /// One image per tilt (angles = tilt_deg of each tilt's first frame; the
  /// frames' Euler angles and shifts, if any, are not carried over).
  TiltSeries averaged;
  std::vector<std::vector<std::array<double, 2>>> measured_px;  ///< [tilt][frame] shift vs frame 0
  std::vector<std::array<double, 2>> drift_px_per_frame;          ///< fitted v per tilt
};

/// `frames` holds frame f of tilt k at index k * frames_per_tilt + f.
/// Throws aet::Error when the frame count is not a multiple of frames_per_tilt.
FrameRegistration register_frames(const TiltSeries& frames, const FrameRegistrationOptions& options);

}  // namespace aet::recon
