"""Operations: functions that change state and flush, never commit."""
