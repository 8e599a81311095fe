"""build_image.py CI_DIR BUILD_DIR: builds scripts/ci/Dockerfile with the
.deb of BUILD_DIR (cpack) and forksafe-ci.sh, and runs forksafe --version in
it; prints "skipped: <why>" when no Docker daemon answers or no .deb was
built, so that the suite runs where Docker does not."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

ci_dir, build_dir = sys.argv[1:3]


def skip(why):
    print("skipped: " + why)
    sys.exit(0)


if not shutil.which("docker"):
    skip("no docker command")
try:
    info = subprocess.run(["docker", "info"], capture_output=True, timeout=30)
except subprocess.TimeoutExpired:
    skip("the Docker daemon does not answer")
if info.returncode != 0:
    skip("no Docker daemon answers")
debs = glob.glob(os.path.join(build_dir, "forksafe_*.deb"))
if not debs:
    skip("no .deb in %s (cpack builds it)" % build_dir)
with tempfile.TemporaryDirectory() as context:
    shutil.copy(debs[0], context)
    shutil.copy(os.path.join(ci_dir, "forksafe-ci.sh"), context)
    built = subprocess.run(["docker", "build", "-q", "-t", "forksafe-ci",
                            "-f", os.path.join(ci_dir, "Dockerfile"), context],
                           capture_output=True, text=True)
    if built.returncode != 0:
        sys.exit("docker build failed:\n" + built.stderr)
ran = subprocess.run(["docker", "run", "--rm", "forksafe-ci", "forksafe", "--version"],
                     capture_output=True, text=True)
if ran.returncode != 0 or "forksafe" not in ran.stdout:
    sys.exit("the image does not run forksafe:\n" + ran.stderr)
print("image forksafe-ci built: " + ran.stdout.strip())
