"""The confidential 24/7 front door: public inquiries and the coordinator's queue."""
