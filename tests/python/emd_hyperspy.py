"""HyperSpy and aetbench read each other's EMD files.

usage: emd_hyperspy.py AETBENCH WORKDIR

1. aetbench's tilt series (simulate) and volume (convert) open in HyperSpy
   with their axes named and in HyperSpy's units: lengths in nm at the
   pixel size, the angle axis in degrees holding the tilt angles.
2. A HyperSpy tilt series (Signal2D stack, angle axis in deg, image axes
   in nm) saved as EMD opens in aetbench as a tilt series with its angles
   and pixel size.
Exits non-zero with a message naming the first mismatch.
"""
import logging
import os
import re
import subprocess
import sys
import warnings

import h5py
import numpy as np

logging.disable(logging.WARNING)
warnings.simplefilter("ignore")
import hyperspy.api as hs  # noqa: E402

aetbench, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def run(*args):
    r = subprocess.run([aetbench, *args], cwd=work, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"aetbench {' '.join(args)} failed: {r.stderr.strip()}")
    return r


def signals(path):
    s = hs.load(path, reader="emd")
    return {x.metadata.General.title: x for x in (s if isinstance(s, list) else [s])}


def axes(signal):
    # HyperSpy lists the axes in reverse array order (x, y, then the first).
    return {a.name: a for a in signal.axes_manager._axes}


# 1. aetbench -> HyperSpy: the nominal (evenly spaced) angles of the MRC
# stack, as HyperSpy's axes hold an offset and a step.
run("build", "--shape", "small-to", "--seed", "1", "--out", "t.xyz")
run("simulate", "--model", "t.xyz", "--out", "s", "--tilts", "5", "--tilt-range", "-40", "40",
    "--frames", "1", "--seed", "1")
run("convert", "s.mrc", "series.h5")
angles = [float(v) for v in open(os.path.join(work, "s.tlt")).read().split()]
series = next(iter(signals(os.path.join(work, "series.h5")).values()))
ax = axes(series)
check(set(ax) == {"angle", "y", "x"}, f"tilt series axes {sorted(ax)}")
pixel_A = 0.343
for name in ("x", "y"):
    a = ax.get(name)
    check(a is not None and a.units == "nm", f"tilt series {name} units {a and a.units!r}, expected nm")
    check(a is not None and abs(a.scale - pixel_A / 10) < 1e-9, f"tilt series {name} scale {a and a.scale}")
a = ax.get("angle")
check(a is not None and a.units == "deg", f"angle units {a and a.units!r}, expected deg")
if a is not None:
    got = [a.offset + k * a.scale for k in range(a.size)]
    check(np.allclose(got, angles, atol=1e-6), f"angle axis {got} != the series' {angles}")
check(a is not None and a.size == 5, f"angle axis of {a and a.size} images, expected 5")

run("convert", "s.mrc", "--volume", "v.h5")
vol = next(iter(signals(os.path.join(work, "v.h5")).values()))
vax = axes(vol)
check(set(vax) == {"x", "y", "z"}, f"volume axes {sorted(vax)}")
for name, a in vax.items():
    check(a.units == "nm", f"volume {name} units {a.units!r}, expected nm")

# 2. HyperSpy -> aetbench
stack = hs.signals.Signal2D(np.random.default_rng(1).random((3, 8, 10)).astype(np.float32))
nav = stack.axes_manager.navigation_axes[0]
nav.name, nav.units, nav.offset, nav.scale = "angle", "deg", -30.0, 30.0
for a, name in zip(stack.axes_manager.signal_axes, ("x", "y")):
    a.name, a.units, a.scale = name, "nm", 0.0343
stack.metadata.General.title = "tilts"
stack.save(os.path.join(work, "hs.emd"), overwrite=True)
out = run("info", "hs.emd").stdout
line = next((l for l in out.splitlines() if "tilt series:" in l), "")
m = re.search(r"(\d+) images of (\d+) x (\d+) pixels \(ny x nx\) at ([0-9.eE+-]+) Å/pixel", line)
check(m is not None and m.groups()[:3] == ("3", "8", "10") and abs(float(m.group(4)) - pixel_A) < 1e-9,
      f"aetbench read HyperSpy's stack as: {line or out[:300]!r}")
listed = [float(l.split()[1]) for l in out.splitlines() if len(l.split()) == 2 and l.split()[0].isdigit()]
check(np.allclose(listed, [-30.0, 0.0, 30.0]), f"aetbench read HyperSpy's angles as {listed}")
# The images themselves, not only the sizes: aetbench's copy holds HyperSpy's
# array in HyperSpy's own (angle, y, x) order.
run("convert", "hs.emd", "back.h5")
with h5py.File(os.path.join(work, "back.h5"), "r") as f:
    back = [f["data"][k]["data"][()] for k in f["data"]][0]
check(back.shape == stack.data.shape and np.array_equal(back, stack.data),
      f"aetbench's copy of HyperSpy's stack differs (shape {back.shape} vs {stack.data.shape})")

if failures:
    sys.exit("\n".join(failures))
print("HyperSpy and aetbench read each other's EMD files")
