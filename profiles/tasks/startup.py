"""Training task: interpreter startup and imports: fresh interpreters that
import a spread of the standard library."""
import subprocess
import sys

IMPORTS = [
    "pass",
    "import os, sys, re, json",
    "import collections, itertools, functools, operator",
    "import datetime, decimal, fractions, random, statistics",
    "import pathlib, tempfile, shutil, glob, fnmatch",
    "import logging, argparse, textwrap, string",
    "import dataclasses, enum, typing, abc, contextlib",
    "import csv, io, struct, base64, hashlib, zlib",
    "import asyncio, threading, queue, concurrent.futures",
    "import email.message, html, urllib.parse, xml.etree.ElementTree",
]


def main(scale):
    done = 0
    for _ in range(scale):
        for code in IMPORTS:
            subprocess.run([sys.executable, "-c", code], check=True)
            done += 1
        subprocess.run([sys.executable, "-I", "-S", "-c", "pass"], check=True)
        done += 1
    print("startup", done)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
