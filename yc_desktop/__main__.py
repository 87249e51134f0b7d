import sys

from yc_desktop.cli import main

sys.exit(main())
