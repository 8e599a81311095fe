#!/bin/sh
# on-full-disk.sh DIR [FILE...] -- COMMAND...
#
# Runs COMMAND with DIR on a full disk: in a mount namespace of its own, a
# small tmpfs mounted on DIR, each FILE copied in, the rest of it filled.
# Prints each FILE's checksum ("seed NAME SUM"), then how COMMAND exited,
# then each file DIR holds and its checksum ("file ./NAME SUM"), for
# FileCheck. The mount is gone when the namespace ends, whatever
# happened in it.
set -e
if [ -z "$FORKSAFE_FULL_DISK" ]; then
  FORKSAFE_FULL_DISK=1 exec unshare --mount --propagation private "$0" "$@"
fi
dir=$1
shift
mkdir -p "$dir"
mount -t tmpfs -o size=256k forksafe-full-disk "$dir"
while [ "$1" != "--" ]; do
  cp "$1" "$dir/"
  echo "seed $(basename "$1") $(cksum < "$1")"
  shift
done
shift
head -c 1048576 /dev/zero > "$dir/filler" 2>/dev/null || true
set +e
"$@"
echo "exit status $?"
rm -f "$dir/filler"
cd "$dir" && find . -type f | sort | while read -r f; do
  echo "file $f $(cksum < "$f")"
done
