"""build_ext.py CC OUTDIR SOURCE - compile and link one C extension module
against the running interpreter, with the flags an extension builder takes
from sysconfig (CFLAGS, CCSHARED, LDSHARED), with the compiler CC in place
of the configured one.  Prints each command; exits with the failing one's
status."""
import os
import shlex
import subprocess
import sys
import sysconfig

cc, outdir, source = sys.argv[1:4]
var = sysconfig.get_config_var
name = os.path.splitext(os.path.basename(source))[0]
obj = os.path.join(outdir, name + ".o")
so = os.path.join(outdir, name + var("EXT_SUFFIX"))
ldshared = shlex.split(var("LDSHARED"))[1:]  # the configured compiler's flags
steps = [
    [cc] + shlex.split(var("CFLAGS")) + shlex.split(var("CCSHARED"))
    + ["-I" + sysconfig.get_paths()["include"], "-c", source, "-o", obj],
    [cc] + ldshared + [obj, "-o", so],
]
for argv in steps:
    print("$ " + shlex.join(argv), flush=True)
    rc = subprocess.call(argv)
    if rc:
        sys.exit(rc)
