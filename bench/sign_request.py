#!/usr/bin/env python3
"""Prints the headers of a SigV4-signed GET (one "Name: value" line each), as the aws CLI would
send it, for wrk to replay (bench/run.sh's GetPackageVersionAsset rows).

    sign_request.py URL [AHEAD_SECONDS]

Credentials and region come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_DEFAULT_REGION: $STATE/env). A signature holds for SigV4's 15-minute clock skew on either
side of its X-Amz-Date, so it is dated AHEAD_SECONDS (default 600) in the future: the same
request then stays valid for the 25 minutes a whole bench run may take. The server verifies it
in full on every request (nothing of a control-plane call is remembered whole).
"""
import datetime
import os
import sys
from unittest import mock

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    url, ahead = argv[1], int(argv[2]) if len(argv) == 3 else 600
    credentials = Credentials(os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"])
    request = AWSRequest(method="GET", url=url)
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=ahead)
    # botocore takes the signing time from botocore.auth.get_current_datetime (naive UTC).
    with mock.patch("botocore.auth.get_current_datetime", return_value=when.replace(tzinfo=None)):
        SigV4Auth(credentials, "codeartifact", os.environ.get("AWS_DEFAULT_REGION", "us-east-1")).add_auth(request)
    for name, value in request.headers.items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main(sys.argv)
