"""What the fixture generators share: where fixtures go, how a JSON fixture is written, and the IEEE bit
patterns that let the TypeScript tests compare floats exactly.

The generators import it by name: Python puts a script's own folder (scripts/) first on sys.path.
"""
import json
import os
import struct

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures')


def fixture_path(area, name=''):
    """test/fixtures/<area>/<name> (the folder itself without a name), creating the folder if missing."""
    folder = os.path.join(FIXTURES, area)
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, name) if name else folder


def write_json(path, value, **dump_options):
    """Writes `value` as compact JSON (unless `dump_options` say otherwise) and prints the file's size."""
    with open(path, 'w') as f:
        json.dump(value, f, **{'separators': (',', ':'), **dump_options})
    print(f'{path}: {os.path.getsize(path)} bytes')


def f32_hex(v):
    """A float32 value as its 8-hex-digit bit pattern."""
    return struct.pack('>f', v).hex()


def f64_hex(v):
    """A float64 value as its 16-hex-digit bit pattern."""
    return struct.pack('>d', v).hex()
