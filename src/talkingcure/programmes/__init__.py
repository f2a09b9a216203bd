"""Treatment programmes of a centre and clients' enrolment in them."""
