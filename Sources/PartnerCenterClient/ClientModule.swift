package enum ClientModule {}
